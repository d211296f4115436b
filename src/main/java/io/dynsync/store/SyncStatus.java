package io.dynsync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.dynsync.mapping.EntityMapping;
import io.dynsync.mapping.MappingCatalog;

/**
 * Where the sync stands, from the store alone (the status command): per entity and direction, the first
 * sync, the run in progress, the last success, the last error, open sync errors, and the persons waiting
 * to go to Dynamics. It reads sync_state and shows no link, payload or setting, so nothing secret.
 */
public class SyncStatus {

    private final Store store;
    private final MappingCatalog mappings;
    private final SyncStates states;
    private final PersonChanges persons = new PersonChanges();

    public SyncStatus(Store store, MappingCatalog mappings, SyncStates states) {
        this.store = store;
        this.mappings = mappings;
        this.states = states;
    }

    /** One line per entity and direction, with a second line for its last error when it has one. */
    public List<String> lines() throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Connection c = store.dataSource().getConnection()) {
            for (EntityMapping mapping : mappings.all()) {
                describe(lines, mapping, states.load(mapping.entitySet(), "inbound"), openErrors(c, mapping, "inbound"), null);
                if (mapping.isTwoWay() || mapping.createOnRequest()) {
                    describe(lines, mapping, states.load(mapping.entitySet(), "outbound"), openErrors(c, mapping, "outbound"),
                            waiting(c, mapping));
                }
            }
        }
        return lines;
    }

    private static void describe(List<String> lines, EntityMapping mapping, SyncState s, long openErrors, String waiting) {
        List<String> parts = new ArrayList<>();
        if ("inbound".equals(s.direction())) {
            if (s.runInProgress()) {
                parts.add((s.firstSyncDone() ? s.runKind() + " read" : "first sync") + " running: "
                        + String.format(Locale.ROOT, "%,d", s.runRecordsDone())
                        + (s.runRecordsTotal() > 0 ? String.format(Locale.ROOT, " of %,d", s.runRecordsTotal()) : "")
                        + " records in " + s.runPagesDone() + " page(s)");
            }
            parts.add(s.firstSyncDone() ? "first sync done " + at(s.firstSyncCompletedAt()) : "first sync not done");
            parts.add(mapping.changeTracking() ? (s.deltaLink() != null ? "change tracking" : "change tracking (no link: the next run reads everything)")
                    : s.watermark() != null ? "changes since " + at(s.watermark()) : "full reads");
            parts.add(String.format(Locale.ROOT, "%,d records synced", s.recordsSynced()));
        } else {
            parts.add(waiting);
        }
        parts.add(s.lastSuccessAt() != null ? "last success " + at(s.lastSuccessAt()) : "no success yet");
        parts.add(openErrors + " open sync error(s)");
        lines.add(String.format(Locale.ROOT, "%-18s %-8s %s", mapping.entitySet(), s.direction(), String.join("; ", parts)));
        if (s.lastError() != null) {
            // an HTTP failure names its status first; the request URL is long and says little
            String first = s.lastError().lines().findFirst().orElse("")
                    .replaceFirst("^HttpOperationFailedException: HTTP operation failed invoking (\\S+?)(\\?\\S*)? with statusCode: (\\d+)",
                            "HTTP $3 from $1");
            lines.add(String.format(Locale.ROOT, "%-18s %-8s last error %s: %s", "", "", at(s.lastErrorAt()),
                    first.length() > 200 ? first.substring(0, 200) + "…" : first));
        }
    }

    private static String at(OffsetDateTime time) {
        return time == null ? "-" : time.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static long openErrors(Connection c, EntityMapping mapping, String direction) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT COUNT(*) FROM sync_errors WHERE entity = ? AND direction = ? AND resolved = FALSE")) {
            ps.setString(1, mapping.entitySet());
            ps.setString(2, direction);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Persons with store changes not yet in Dynamics, and create requests. */
    private String waiting(Connection c, EntityMapping mapping) throws SQLException {
        PersonChanges.Waiting waiting = persons.waiting(c, mapping);
        return String.format(Locale.ROOT, "%,d changed person(s) waiting", waiting.changed())
                + (mapping.createOnRequest() ? String.format(Locale.ROOT, ", %,d create request(s)", waiting.createRequests()) : "");
    }
}
