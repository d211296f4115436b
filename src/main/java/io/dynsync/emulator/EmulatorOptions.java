package io.dynsync.emulator;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** How to start a {@link DataverseEmulator}. Immutable; each setter returns a changed copy. */
public final class EmulatorOptions {
    /** Whether Web API requests need a bearer token registered with {@link DataverseEmulator#acceptToken}. */
    public enum AuthMode { NONE, TOKEN }

    private static final Map<String, Integer> DEFAULT_COUNTS;

    static {
        Map<String, Integer> m = new LinkedHashMap<>();
        m.put("systemusers", 20);
        m.put("teams", 5);
        m.put("accounts", 200);
        m.put("contacts", 1000);
        m.put("leads", 1000);
        m.put("opportunities", 300);
        m.put("new_projects", 100);
        DEFAULT_COUNTS = Collections.unmodifiableMap(m);
    }

    private final int port;
    private final long seed;
    private final Map<String, Integer> counts;
    private final AuthMode authMode;
    private final Instant startClockAt;

    private EmulatorOptions(int port, long seed, Map<String, Integer> counts, AuthMode authMode,
                            Instant startClockAt) {
        this.port = port;
        this.seed = seed;
        this.counts = Collections.unmodifiableMap(new LinkedHashMap<>(counts));
        this.authMode = authMode;
        this.startClockAt = startClockAt;
    }

    /** Port 0 (any free port), seed 42, no auth, 20 users, 5 teams, 200 accounts, 1000 contacts and leads, … */
    public static EmulatorOptions defaults() {
        return new EmulatorOptions(0, 42L, DEFAULT_COUNTS, AuthMode.NONE, null);
    }

    public EmulatorOptions port(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port);
        }
        return new EmulatorOptions(port, seed, counts, authMode, startClockAt);
    }

    public EmulatorOptions seed(long seed) {
        return new EmulatorOptions(port, seed, counts, authMode, startClockAt);
    }

    /**
     * Seeded records for one entity set; 0 allowed. teammemberships follow from teams (2–8 users each) and
     * cannot be set. systemusers always has two more: the integration user and the human user
     * ({@link DataverseEmulator#integrationUserId()}, {@link DataverseEmulator#humanUserId()}).
     */
    public EmulatorOptions count(String entitySet, int n) {
        if (n < 0) {
            throw new IllegalArgumentException("count " + n + " for " + entitySet);
        }
        if (!DEFAULT_COUNTS.containsKey(entitySet)) {
            throw new IllegalArgumentException("no seeded entity set '" + entitySet + "'; known: "
                    + DEFAULT_COUNTS.keySet());
        }
        Map<String, Integer> m = new LinkedHashMap<>(counts);
        m.put(entitySet, n);
        return new EmulatorOptions(port, seed, m, authMode, startClockAt);
    }

    public EmulatorOptions authMode(AuthMode mode) {
        return new EmulatorOptions(port, seed, counts, Objects.requireNonNull(mode), startClockAt);
    }

    /** Starts the clock frozen at {@code instant}; the seed data's timestamps are relative to it. */
    public EmulatorOptions startClockAt(Instant instant) {
        return new EmulatorOptions(port, seed, counts, authMode, instant);
    }

    public int port() {
        return port;
    }

    public long seed() {
        return seed;
    }

    /** Seeded record counts per entity set. */
    public Map<String, Integer> counts() {
        return counts;
    }

    public int count(String entitySet) {
        return counts.getOrDefault(entitySet, 0);
    }

    public AuthMode authMode() {
        return authMode;
    }

    /** Null when the clock starts at real time. */
    public Instant startClockAt() {
        return startClockAt;
    }

    @Override
    public String toString() {
        return "EmulatorOptions{port=" + port + ", seed=" + seed + ", counts=" + counts + ", authMode=" + authMode
                + ", startClockAt=" + startClockAt + "}";
    }
}
