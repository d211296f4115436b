package io.dynsync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;

import io.dynsync.mapping.RecordFailure;

/**
 * Writes {@code sync_errors}: one open row per failing record (attempts counted), resolved once the
 * record syncs. Joins the caller's transaction, so errors commit with the page they belong to.
 */
public class SyncErrors {

    public void record(Connection c, String entity, String direction, RecordFailure failure) throws SQLException {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        String key = failure.dynamicsId() == null ? "unknown" : failure.dynamicsId();
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

    /** Marks the open errors of records that have now synced as resolved. */
    public void resolve(Connection c, String entity, String direction, Collection<String> recordKeys) throws SQLException {
        List<String> keys = List.copyOf(recordKeys);
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
