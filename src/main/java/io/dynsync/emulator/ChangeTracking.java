package io.dynsync.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

/**
 * Change tracking's settings and rules: which entity sets have it (metadata ChangeTrackingEnabled), the delta
 * tokens it hands out and when they expire, and the query options it refuses. {@link DeltaReads} answers the
 * deltaLinks; {@link ReadOperations} the initial {@code Prefer: odata.track-changes} load.
 *
 * <p>A token is the store's version when it was taken: every change after it (a row's new versionnumber, a
 * delete's tombstone) has a higher version. Tokens expire after the retention period on the emulator clock, after
 * {@link #expireAll()}, or if they name a version this emulator never reached (a token from another run).
 */
final class ChangeTracking {
    static final String EXPIRED_VERSION_STAMP = "0x80044352";
    /** Query options Dataverse refuses together with odata.track-changes (the doc names the first four). */
    private static final List<String> REFUSED = List.of("$filter", "$orderby", "$expand", "$top", "$count", "$apply");

    private final RecordStore store;
    private final EmulatorClock clock;
    private final Predicate<String> enabledSets;
    private final Duration retention;
    private volatile long expiredBelow;

    ChangeTracking(RecordStore store, EmulatorClock clock, Predicate<String> enabledSets, Duration retention) {
        this.store = store;
        this.clock = clock;
        this.enabledSets = enabledSets;
        this.retention = retention;
        store.changeLog().retention(retention);
    }

    /** Every set but teammemberships, 7 days: what {@link EmulatorOptions#defaults()} says. */
    static ChangeTracking defaults(RecordStore store, EmulatorClock clock) {
        return new ChangeTracking(store, clock, set -> !set.equals("teammemberships"),
                EmulatorOptions.DEFAULT_RETENTION);
    }

    boolean enabled(EntityDef def) {
        return enabledSets.test(def.entitySet);
    }

    /**
     * @throws DataverseError 400 for a set without change tracking. What Dataverse answers here is not documented;
     *                        an error (rather than ignoring the preference) tells the client at once, and it uses
     *                        the generic invalid-argument code, since the real one is unknown
     */
    void requireEnabled(EntityDef def) {
        if (!enabled(def)) {
            throw new DataverseError(400, DataverseError.INVALID_ARGUMENT, "Change tracking is not enabled for the "
                    + "entity '" + def.logicalName + "' (ChangeTrackingEnabled is false), so odata.track-changes and "
                    + "$deltatoken cannot be used on '" + def.entitySet + "'.");
        }
    }

    /** 400 for the query options change tracking refuses, in Dataverse's words. */
    static void refuseQueryOptions(ApiRequest req) {
        for (String option : REFUSED) {
            if (req.query().containsKey(option)) {
                throw DataverseError.badRequest("The \"" + option + "\" query parameter isn't supported when Change "
                        + "Tracking is enabled.");
            }
        }
    }

    /** A token for "now", taken while no write is in progress, so every change up to it is complete. */
    DeltaToken snapshot() {
        return store.consistentRead(() -> new DeltaToken(store.currentVersion(), clock.now()));
    }

    /**
     * @throws DataverseError 400 {@code 0x80044352} if the token is past retention, expired by {@link #expireAll},
     *                        or from the future of this store
     */
    void requireLive(DeltaToken token) {
        Instant oldest = clock.now().minus(retention);
        if (token.issuedAt().isBefore(oldest) || token.version() < expiredBelow
                || token.version() > store.currentVersion()) {
            throw new DataverseError(400, EXPIRED_VERSION_STAMP,
                    "Version stamp associated with the client has expired. Please perform a full sync.");
        }
    }

    /** Every delta token handed out so far expires; later ones are unaffected. */
    void expireAll() {
        // consuming a version puts every later token strictly above the cut
        expiredBelow = store.nextVersion();
    }

    /** The deltaLink for a token: the request's own URL and options, less paging, plus $deltatoken. */
    static String deltaLink(ApiRequest req, DeltaToken token) {
        String query = HttpIo.withoutOption(HttpIo.withoutOption(req.rawQuery(), "$skiptoken"), "$deltatoken");
        return origin(req) + req.rawPath() + "?" + (query.isEmpty() ? "" : query + "&") + "$deltatoken="
                + token.encoded();
    }

    /** "https://host:port" of the API root. */
    static String origin(ApiRequest req) {
        return req.apiRoot().substring(0, req.apiRoot().indexOf("/api/data/"));
    }
}
