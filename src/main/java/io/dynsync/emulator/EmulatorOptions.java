package io.dynsync.emulator;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/** How to start a {@link DataverseEmulator}. Immutable; each setter returns a changed copy. */
public final class EmulatorOptions {
    /**
     * Whether Web API requests need a bearer token: one registered with {@link DataverseEmulator#acceptToken} or
     * one the emulator's token endpoint issued. NONE ignores the Authorization header and acts as the integration
     * user.
     */
    public enum AuthMode { NONE, TOKEN }

    private static final Map<String, Integer> DEFAULT_COUNTS;
    /** The N:N intersect cannot be tracked in Dataverse by default; every other table here is. */
    private static final Set<String> UNTRACKED_BY_DEFAULT = Set.of("teammemberships");
    static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofHours(1);
    static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

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

    /** The mutable form, used only while building a copy. */
    private static final class Fields {
        int port;
        long seed;
        Map<String, Integer> counts;
        AuthMode authMode;
        Instant startClockAt;
        boolean tls;
        String tenantId;
        Duration tokenLifetime;
        Map<String, AppRegistration> apps;
        Map<String, UserRegistration> users;
        Map<String, Boolean> tracking;
        Duration retention;

        Fields() {
        }

        Fields(EmulatorOptions o) {
            port = o.port;
            seed = o.seed;
            counts = new LinkedHashMap<>(o.counts);
            authMode = o.authMode;
            startClockAt = o.startClockAt;
            tls = o.tls;
            tenantId = o.tenantId;
            tokenLifetime = o.tokenLifetime;
            apps = new LinkedHashMap<>(o.apps);
            users = new LinkedHashMap<>(o.users);
            tracking = new LinkedHashMap<>(o.tracking);
            retention = o.retention;
        }
    }

    private final int port;
    private final long seed;
    private final Map<String, Integer> counts;
    private final AuthMode authMode;
    private final Instant startClockAt;
    private final boolean tls;
    private final String tenantId;
    private final Duration tokenLifetime;
    private final Map<String, AppRegistration> apps;
    private final Map<String, UserRegistration> users;
    private final Map<String, Boolean> tracking;
    private final Duration retention;

    private EmulatorOptions(Fields f) {
        this.port = f.port;
        this.seed = f.seed;
        this.counts = Collections.unmodifiableMap(new LinkedHashMap<>(f.counts));
        this.authMode = f.authMode;
        this.startClockAt = f.startClockAt;
        this.tls = f.tls;
        this.tenantId = f.tenantId;
        this.tokenLifetime = f.tokenLifetime;
        this.apps = Collections.unmodifiableMap(new LinkedHashMap<>(f.apps));
        this.users = Collections.unmodifiableMap(new LinkedHashMap<>(f.users));
        this.tracking = Collections.unmodifiableMap(new LinkedHashMap<>(f.tracking));
        this.retention = f.retention;
    }

    private EmulatorOptions with(Consumer<Fields> change) {
        Fields f = new Fields(this);
        change.accept(f);
        return new EmulatorOptions(f);
    }

    /**
     * Port 0 (any free port), seed 42, no auth, plain HTTP, 20 users, 5 teams, 200 accounts, 1000 contacts and
     * leads, …; the default tenant, app registration and user of {@link EmulatorCredentials}; change tracking on
     * for every table but teammemberships, kept 7 days; access tokens valid 1 hour.
     */
    public static EmulatorOptions defaults() {
        Fields f = new Fields();
        f.port = 0;
        f.seed = 42L;
        f.counts = DEFAULT_COUNTS;
        f.authMode = AuthMode.NONE;
        f.tenantId = EmulatorCredentials.DEFAULT_TENANT_ID;
        f.tokenLifetime = DEFAULT_TOKEN_LIFETIME;
        f.apps = new LinkedHashMap<>();
        f.users = new LinkedHashMap<>();
        AppRegistration app = AppRegistration.mapped(EmulatorCredentials.DEFAULT_CLIENT_ID,
                EmulatorCredentials.DEFAULT_CLIENT_SECRET, List.of(EmulatorCredentials.clientCertificate()),
                BuiltInUsers.INTEGRATION_USER_ID);
        f.apps.put(app.key(), app);
        UserRegistration user = UserRegistration.mapped(EmulatorCredentials.DEFAULT_USERNAME,
                EmulatorCredentials.DEFAULT_PASSWORD, BuiltInUsers.INTEGRATION_USER_ID);
        f.users.put(user.key(), user);
        f.tracking = new LinkedHashMap<>();
        f.retention = DEFAULT_RETENTION;
        return new EmulatorOptions(f);
    }

    public EmulatorOptions port(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port);
        }
        return with(f -> f.port = port);
    }

    public EmulatorOptions seed(long seed) {
        return with(f -> f.seed = seed);
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
        return with(f -> f.counts.put(entitySet, n));
    }

    public EmulatorOptions authMode(AuthMode mode) {
        Objects.requireNonNull(mode);
        return with(f -> f.authMode = mode);
    }

    /** Starts the clock frozen at {@code instant}; the seed data's timestamps are relative to it. */
    public EmulatorOptions startClockAt(Instant instant) {
        return with(f -> f.startClockAt = instant);
    }

    /**
     * Listens with TLS (the certificate of {@link EmulatorCredentials#SERVER_KEYSTORE_RESOURCE}, valid for
     * localhost and 127.0.0.1): the Web API and the identity endpoints are then both served over HTTPS on the one
     * port, and {@link DataverseEmulator#baseUrl()} is {@code https://localhost:PORT}. Needed by msal4j, which
     * refuses an authority that is not https. Default false (plain HTTP, {@code http://127.0.0.1:PORT}).
     */
    public EmulatorOptions tls(boolean enabled) {
        return with(f -> f.tls = enabled);
    }

    /** The directory (tenant) id in the authority URL, tokens and error messages; default a fixed GUID. */
    public EmulatorOptions tenantId(String tenantId) {
        if (tenantId == null || !tenantId.matches("[A-Za-z0-9.-]+")) {
            throw new IllegalArgumentException("a tenant id is a GUID or a domain name, got '" + tenantId + "'");
        }
        return with(f -> f.tenantId = tenantId.toLowerCase(Locale.ROOT));
    }

    /**
     * How long issued access tokens are valid (expires_in), on the emulator clock; default 1 hour. Five minutes or
     * less makes msal4j skip its token cache, so every acquire reaches the token endpoint.
     */
    public EmulatorOptions tokenLifetime(Duration lifetime) {
        if (lifetime == null || lifetime.getSeconds() < 1) {
            throw new IllegalArgumentException("a token lifetime of at least one second, got " + lifetime);
        }
        return with(f -> f.tokenLifetime = lifetime);
    }

    /**
     * Registers (or replaces) an app registration with a client secret and/or certificates (either may be null),
     * acting as its own application user: a systemuser with {@code applicationid} = the client id (a GUID), created
     * at start unless one exists.
     */
    public EmulatorOptions registerApp(String clientId, String secret, X509Certificate certificate) {
        requireGuid(clientId);
        AppRegistration app = AppRegistration.automatic(clientId, secret, certificates(certificate));
        return with(f -> f.apps.put(app.key(), app));
    }

    /**
     * Registers (or replaces) an app registration acting as the given systemuser (which need not exist as a
     * record). A null {@code systemUserId} registers an app without an application user: it gets tokens, but the
     * Web API answers them 403 {@code 0x80072560}, as Dataverse does.
     */
    public EmulatorOptions registerApp(String clientId, String secret, X509Certificate certificate,
                                       String systemUserId) {
        AppRegistration app = AppRegistration.mapped(clientId, secret, certificates(certificate), systemUserId);
        return with(f -> f.apps.put(app.key(), app));
    }

    /**
     * Registers (or replaces) a user for the password grant, acting as the systemuser whose
     * internalemailaddress is the user name, created at start unless one exists.
     */
    public EmulatorOptions registerUser(String username, String password) {
        UserRegistration user = UserRegistration.automatic(username, password);
        return with(f -> f.users.put(user.key(), user));
    }

    /** Registers (or replaces) a user for the password grant acting as the given systemuser. */
    public EmulatorOptions registerUser(String username, String password, String systemUserId) {
        UserRegistration user = UserRegistration.mapped(username, password, requireGuid(systemUserId));
        return with(f -> f.users.put(user.key(), user));
    }

    /** Drops every app registration and user, the defaults included. */
    public EmulatorOptions clearRegistrations() {
        return with(f -> {
            f.apps.clear();
            f.users.clear();
        });
    }

    /**
     * Turns change tracking (metadata ChangeTrackingEnabled, {@code Prefer: odata.track-changes}) on or off for
     * one entity set. On by default for every set but teammemberships.
     */
    public EmulatorOptions changeTracking(String entitySet, boolean enabled) {
        if (Schema.standard().bySet(entitySet) == null) {
            throw new IllegalArgumentException("no entity set '" + entitySet + "'");
        }
        return with(f -> f.tracking.put(entitySet, enabled));
    }

    /**
     * How long delta tokens stay valid (Organization.ExpireChangeTrackingInDays), on the emulator clock; older
     * tokens answer 400 {@code 0x80044352}. Default 7 days.
     */
    public EmulatorOptions changeTrackingRetention(Duration retention) {
        if (retention == null || retention.isNegative() || retention.isZero()) {
            throw new IllegalArgumentException("a positive retention, got " + retention);
        }
        return with(f -> f.retention = retention);
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

    public boolean tls() {
        return tls;
    }

    public String tenantId() {
        return tenantId;
    }

    public Duration tokenLifetime() {
        return tokenLifetime;
    }

    /** Whether the entity set has change tracking enabled. */
    public boolean changeTracking(String entitySet) {
        Boolean set = tracking.get(entitySet);
        return set != null ? set : !UNTRACKED_BY_DEFAULT.contains(entitySet);
    }

    public Duration changeTrackingRetention() {
        return retention;
    }

    Collection<AppRegistration> apps() {
        return apps.values();
    }

    Collection<UserRegistration> users() {
        return users.values();
    }

    private static List<X509Certificate> certificates(X509Certificate certificate) {
        return certificate == null ? List.of() : List.of(certificate);
    }

    private static String requireGuid(String id) {
        String g = Guids.normalize(id);
        if (g == null) {
            throw new IllegalArgumentException("not a GUID: '" + id + "'");
        }
        return g;
    }

    @Override
    public String toString() {
        return "EmulatorOptions{port=" + port + ", seed=" + seed + ", counts=" + counts + ", authMode=" + authMode
                + ", startClockAt=" + startClockAt + ", tls=" + tls + ", tenantId=" + tenantId + ", tokenLifetime="
                + tokenLifetime + ", apps=" + apps.keySet() + ", users=" + users.keySet() + ", changeTracking="
                + tracking + ", retention=" + retention + "}";
    }
}
