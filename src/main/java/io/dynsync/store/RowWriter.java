package io.dynsync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.dynsync.mapping.EntityMapping;
import io.dynsync.mapping.MappedRecord;
import io.dynsync.mapping.RecordFailure;

/**
 * Upserts mapped Dynamics records into their table with JDBC batches, in the caller's transaction.
 *
 * <p>Plain INSERT for new ids and UPDATE for changed ones (found with one keyed read per chunk)
 * keeps the SQL portable between H2 and PostgreSQL, and lets records whose etag did not change be
 * skipped: re-reading an overlap window writes nothing. When a batch fails, the rows are retried one
 * by one under savepoints so that one bad row becomes a {@link RecordFailure} and the rest commit.
 */
public class RowWriter {

    /** What a write did. */
    public record Result(List<String> writtenIds, List<String> unchangedIds, List<RecordFailure> failures) {
    }

    private record Existing(String etag, boolean deleted) {
    }

    /**
     * @param rewrite write every record even when its etag is unchanged (after a mapping change, or when
     *                retrying records that failed before)
     */
    public Result write(Connection c, EntityMapping mapping, List<MappedRecord> records, boolean rewrite) throws SQLException {
        Map<String, MappedRecord> byId = new LinkedHashMap<>();
        for (MappedRecord record : records) {
            byId.put(record.dynamicsId(), record); // a record listed twice: the later copy is the newer one
        }
        Map<String, Existing> existing = existing(c, mapping.table(), List.copyOf(byId.keySet()));
        List<MappedRecord> inserts = new ArrayList<>();
        List<MappedRecord> updates = new ArrayList<>();
        List<String> unchanged = new ArrayList<>();
        for (MappedRecord record : byId.values()) {
            Existing row = existing.get(record.dynamicsId());
            if (row == null) {
                inserts.add(record);
            } else if (rewrite || row.deleted() || record.etag() == null || !Objects.equals(row.etag(), record.etag())) {
                updates.add(record);
            } else {
                unchanged.add(record.dynamicsId());
            }
        }
        List<RecordFailure> failures = new ArrayList<>();
        List<MappedRecord> written = new ArrayList<>();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        written.addAll(Batches.execute(c, insertSql(mapping, first(inserts)), inserts, (ps, r) -> bindInsert(ps, r, now),
                (r, e) -> storeFailure(failures, r, e)));
        written.addAll(Batches.execute(c, updateSql(mapping, first(updates)), updates, (ps, r) -> bindUpdate(ps, r, now),
                (r, e) -> storeFailure(failures, r, e)));
        List<MappedRecord> withChildren = replaceChildren(c, mapping.table(), written, failures);
        List<String> ids = new ArrayList<>();
        for (MappedRecord record : withChildren) {
            ids.add(record.dynamicsId());
        }
        return new Result(ids, unchanged, failures);
    }

    private static MappedRecord first(List<MappedRecord> records) {
        return records.isEmpty() ? null : records.get(0);
    }

    private static Map<String, Existing> existing(Connection c, String table, List<String> ids) throws SQLException {
        Map<String, Existing> found = new HashMap<>();
        for (int from = 0; from < ids.size(); from += Sql.IN_CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + Sql.IN_CHUNK));
            try (PreparedStatement ps = c.prepareStatement("SELECT dynamics_id, dynamics_etag, dynamics_deleted FROM " + table
                    + " WHERE dynamics_id IN (" + Sql.placeholders(chunk.size()) + ")")) {
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 1, chunk.get(i));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.put(rs.getString(1), new Existing(rs.getString(2), rs.getBoolean(3)));
                    }
                }
            }
        }
        return found;
    }

    private static String insertSql(EntityMapping mapping, MappedRecord sample) {
        if (sample == null) {
            return null;
        }
        List<String> columns = new ArrayList<>(sample.columns().keySet());
        columns.addAll(List.of("dynamics_id", "dynamics_modified_on", "dynamics_etag", "dynamics_deleted", "synced_at"));
        return "INSERT INTO " + mapping.table() + " (" + String.join(", ", columns) + ") VALUES ("
                + Sql.placeholders(columns.size()) + ")";
    }

    private static String updateSql(EntityMapping mapping, MappedRecord sample) {
        if (sample == null) {
            return null;
        }
        StringBuilder sql = new StringBuilder("UPDATE ").append(mapping.table()).append(" SET ");
        for (String column : sample.columns().keySet()) {
            sql.append(column).append(" = ?, ");
        }
        return sql.append("dynamics_modified_on = ?, dynamics_etag = ?, dynamics_deleted = FALSE, synced_at = ? WHERE dynamics_id = ?")
                .toString();
    }

    private static void bindInsert(PreparedStatement ps, MappedRecord r, OffsetDateTime now) throws SQLException {
        int i = 1;
        for (Object value : r.columns().values()) {
            ps.setObject(i++, value);
        }
        ps.setString(i++, r.dynamicsId());
        ps.setObject(i++, r.modifiedOn());
        ps.setString(i++, r.etag());
        ps.setBoolean(i++, false);
        ps.setObject(i, now);
    }

    private static void bindUpdate(PreparedStatement ps, MappedRecord r, OffsetDateTime now) throws SQLException {
        int i = 1;
        for (Object value : r.columns().values()) {
            ps.setObject(i++, value);
        }
        ps.setObject(i++, r.modifiedOn());
        ps.setString(i++, r.etag());
        ps.setObject(i++, now);
        ps.setString(i, r.dynamicsId());
    }

    static Void storeFailure(List<RecordFailure> failures, MappedRecord record, SQLException e) {
        failures.add(new RecordFailure(record.dynamicsId(), "STORE", e.getMessage(), String.valueOf(record.source())));
        return null;
    }

    /** Replaces the derived rows (e.g. opportunity_roles) of the records just written. */
    static List<MappedRecord> replaceChildren(Connection c, String table, List<MappedRecord> parents,
            List<RecordFailure> failures) throws SQLException {
        if (parents.isEmpty() || parents.get(0).children().isEmpty()) {
            return parents;
        }
        Savepoint all = c.setSavepoint();
        try {
            replace(c, parents);
            c.releaseSavepoint(all);
            return parents;
        } catch (SQLException batchFailure) {
            c.rollback(all);
        }
        List<MappedRecord> ok = new ArrayList<>();
        for (MappedRecord parent : parents) {
            Savepoint one = c.setSavepoint();
            try {
                replace(c, List.of(parent));
                c.releaseSavepoint(one);
                ok.add(parent);
            } catch (SQLException e) {
                c.rollback(one);
                // the parent row is written but its derived rows are not: forget its etag, so that the
                // record is rewritten whole when it is read again instead of being skipped as unchanged
                try (PreparedStatement ps = c.prepareStatement("UPDATE " + table + " SET dynamics_etag = NULL WHERE dynamics_id = ?")) {
                    ps.setString(1, parent.dynamicsId());
                    ps.executeUpdate();
                }
                failures.add(new RecordFailure(parent.dynamicsId(), "STORE", e.getMessage(), String.valueOf(parent.source())));
            }
        }
        return ok;
    }

    private static void replace(Connection c, List<MappedRecord> parents) throws SQLException {
        List<String> ids = parents.stream().map(MappedRecord::dynamicsId).toList();
        for (int t = 0; t < parents.get(0).children().size(); t++) {
            MappedRecord.Children shape = parents.get(0).children().get(t);
            for (int from = 0; from < ids.size(); from += Sql.IN_CHUNK) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + Sql.IN_CHUNK));
                try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + shape.table() + " WHERE " + shape.parentColumn()
                        + " IN (" + Sql.placeholders(chunk.size()) + ")")) {
                    for (int i = 0; i < chunk.size(); i++) {
                        ps.setString(i + 1, chunk.get(i));
                    }
                    ps.executeUpdate();
                }
            }
            // rows of one child mapping may differ in their columns (each row has its own constants)
            Map<String, List<Map<String, Object>>> byColumns = new LinkedHashMap<>();
            for (MappedRecord parent : parents) {
                for (Map<String, Object> row : parent.children().get(t).rows()) {
                    byColumns.computeIfAbsent(String.join(", ", row.keySet()), k -> new ArrayList<>()).add(row);
                }
            }
            for (Map.Entry<String, List<Map<String, Object>>> group : byColumns.entrySet()) {
                List<Map<String, Object>> rows = group.getValue();
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + shape.table() + " (" + group.getKey()
                        + ") VALUES (" + Sql.placeholders(rows.get(0).size()) + ")")) {
                    for (Map<String, Object> row : rows) {
                        int i = 1;
                        for (Object value : row.values()) {
                            ps.setObject(i++, value);
                        }
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
            }
        }
    }
}
