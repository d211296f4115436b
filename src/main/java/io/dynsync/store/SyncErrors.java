package io.dynsync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.dynsync.mapping.RecordFailure;

/**
 * Writes {@code sync_errors}: one open row per failing record (attempts counted), resolved once the
 * record syncs. Joins the caller's transaction, so errors commit with the page they belong to.
 */
public class SyncErrors {

    private static final Duration MAX_RETRY_DELAY = Duration.ofHours(6);

    public void record(Connection c, String entity, String direction, RecordFailure failure) throws SQLException {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        // a record without a readable id is keyed by its content, so distinct bad records stay distinct
        String key = failure.dynamicsId() != null ? failure.dynamicsId()
                : "unknown-" + Integer.toHexString(String.valueOf(failure.payload()).hashCode());
        String message = truncate(failure.message(), 4000);
        try (PreparedStatement ps = c.prepareStatement("UPDATE sync_errors SET attempts = attempts + 1, last_seen = ?, "
                + "error_code = ?, message = ?, payload = ? WHERE entity = ? AND direction = ? AND record_key = ? AND resolved = FALSE")) {
            ps.setObject(1, now);
            ps.setString(2, failure.code());
            ps.setString(3, message);
            ps.setString(4, truncate(failure.payload(), 1_000_000));
            ps.setString(5, entity);
            ps.setString(6, direction);
            ps.setString(7, key);
            if (ps.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO sync_errors (entity, direction, record_key, dynamics_id, "
                + "error_code, message, payload, attempts, first_seen, last_seen) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)")) {
            ps.setString(1, entity);
            ps.setString(2, direction);
            ps.setString(3, key);
            ps.setString(4, failure.dynamicsId());
            ps.setString(5, failure.code());
            ps.setString(6, message);
            ps.setString(7, truncate(failure.payload(), 1_000_000));
            ps.setObject(8, now);
            ps.setObject(9, now);
            ps.executeUpdate();
        }
    }

    /**
     * Records a failed send of a store person (record key: persons.id), due for another try after a
     * doubling wait. The person stays pending, so the retry resends its changes as they are then.
     */
    public void recordOutbound(Connection c, String entity, long personId, String dynamicsId, String code, String message,
            String payload, Duration retryBase) throws SQLException {
        String key = String.valueOf(personId);
        int attempts = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT attempts FROM sync_errors WHERE entity = ? AND direction = 'outbound' "
                + "AND record_key = ? AND resolved = FALSE")) {
            ps.setString(1, entity);
            ps.setString(2, key);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    attempts = rs.getInt(1);
                }
            }
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        OffsetDateTime next = now.plus(retryDelay(attempts + 1, retryBase));
        String sql = attempts > 0
                ? "UPDATE sync_errors SET attempts = attempts + 1, last_seen = ?, error_code = ?, message = ?, payload = ?, "
                        + "next_attempt_at = ?, dynamics_id = ? WHERE entity = ? AND direction = 'outbound' AND record_key = ? AND resolved = FALSE"
                : "INSERT INTO sync_errors (last_seen, error_code, message, payload, next_attempt_at, dynamics_id, entity, "
                        + "direction, record_key, store_key, attempts, first_seen) VALUES (?, ?, ?, ?, ?, ?, ?, 'outbound', ?, ?, 1, ?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setObject(1, now);
            ps.setString(2, code);
            ps.setString(3, truncate(message, 4000));
            ps.setString(4, truncate(payload, 1_000_000));
            ps.setObject(5, next);
            ps.setString(6, dynamicsId);
            ps.setString(7, entity);
            ps.setString(8, key);
            if (attempts == 0) {
                ps.setString(9, key);
                ps.setObject(10, now);
            }
            ps.executeUpdate();
        }
    }

    /** Whether the entity has open errors in that direction (cheap; gates {@link #resolve}). */
    public boolean anyOpen(Connection c, String entity, String direction) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM sync_errors WHERE entity = ? AND direction = ? AND resolved = FALSE FETCH FIRST 1 ROWS ONLY")) {
            ps.setString(1, entity);
            ps.setString(2, direction);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** The wait before the next try after {@code attempts} failed ones: doubling from {@code base}, at most six hours. */
    static Duration retryDelay(int attempts, Duration base) {
        Duration wait = base.multipliedBy(1L << Math.min(20, Math.max(0, attempts - 1)));
        return wait.compareTo(MAX_RETRY_DELAY) > 0 ? MAX_RETRY_DELAY : wait;
    }

    /**
     * The ids of records whose open errors are due for another try: the n-th attempt waits
     * {@code baseDelay × 2^(n-1)}, at most six hours, after the last one.
     */
    public List<String> dueForRetry(Connection c, String entity, String direction, Duration baseDelay, int limit)
            throws SQLException {
        List<String> due = new ArrayList<>();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        try (PreparedStatement ps = c.prepareStatement("SELECT dynamics_id, attempts, last_seen FROM sync_errors "
                + "WHERE entity = ? AND direction = ? AND resolved = FALSE AND dynamics_id IS NOT NULL ORDER BY last_seen")) {
            ps.setString(1, entity);
            ps.setString(2, direction);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next() && due.size() < limit) {
                    if (!rs.getObject(3, OffsetDateTime.class).plus(retryDelay(rs.getInt(2), baseDelay)).isAfter(now)) {
                        due.add(rs.getString(1));
                    }
                }
            }
        }
        return due;
    }

    /** Marks the open errors of records that have now synced (or no longer exist) as resolved. */
    public void resolve(Connection c, String entity, String direction, Collection<String> recordKeys) throws SQLException {
        List<String> keys = recordKeys.stream().filter(java.util.Objects::nonNull).toList();
        for (int from = 0; from < keys.size(); from += Sql.IN_CHUNK) {
            List<String> chunk = keys.subList(from, Math.min(keys.size(), from + Sql.IN_CHUNK));
            try (PreparedStatement ps = c.prepareStatement("UPDATE sync_errors SET resolved = TRUE, resolved_at = ? "
                    + "WHERE entity = ? AND direction = ? AND resolved = FALSE AND record_key IN (" + Sql.placeholders(chunk.size()) + ")")) {
                ps.setObject(1, OffsetDateTime.now(ZoneOffset.UTC));
                ps.setString(2, entity);
                ps.setString(3, direction);
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(4 + i, chunk.get(i));
                }
                ps.executeUpdate();
            }
        }
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
