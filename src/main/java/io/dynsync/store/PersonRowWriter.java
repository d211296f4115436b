package io.dynsync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dynsync.mapping.EntityMapping;
import io.dynsync.mapping.FieldMapping;
import io.dynsync.mapping.MappedRecord;
import io.dynsync.mapping.RecordFailure;
import io.dynsync.mapping.TwoWayMerge;

/**
 * Writes Dynamics leads and contacts into {@code persons}, the two-way table, in the caller's
 * transaction. Unlike a one-way table it cannot just overwrite: it merges each record with the
 * store's pending changes ({@link TwoWayMerge}), keeps the person of a qualified lead (same row, now a
 * contact), follows merges, and honours the sync filter. It runs in the sync's marked transactions
 * ({@link Store#inTransaction}), so the change triggers do not take its writes for store changes, and it
 * records whether the person still has changes for Dynamics (synced_seq).
 */
public class PersonRowWriter {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, String>> BASELINE = new TypeReference<>() {
    };

    /** A persons row as it is before the write (locked for the transaction). */
    record Person(long id, String dynamicsId, String createId, String qualifiedLeadId, String etag, boolean deleted,
            boolean excluded, Map<String, Object> values, Map<String, String> baseline, Map<String, String> outbox,
            long changeSeq, long syncedSeq) {
    }

    /** One row to write: which person (or a new one), and what. */
    private record Write(Long personId, MappedRecord record, Map<String, Object> columns, Map<String, String> baseline,
            boolean pending, long changeSeq) {
    }

    public RowWriter.Result write(Connection c, EntityMapping mapping, List<MappedRecord> records, boolean rewrite)
            throws SQLException {
        lockPersons(c);
        Set<String> keys = new LinkedHashSet<>();
        for (MappedRecord record : records) {
            keys.add(record.dynamicsId());
            if (record.qualifiedFrom() != null) {
                keys.add(record.qualifiedFrom());
            }
            if (record.mergedInto() != null) {
                keys.add(record.mergedInto());
            }
        }
        Map<String, Person> byDynamicsId = new HashMap<>();
        Map<String, Person> byCreateId = new HashMap<>();
        Map<String, Person> byQualifiedLead = new HashMap<>();
        for (Person p : lock(c, mapping, keys)) {
            if (p.qualifiedLeadId() != null) {
                byQualifiedLead.put(p.qualifiedLeadId(), p);
            }
            if (p.dynamicsId() != null) {
                byDynamicsId.put(p.dynamicsId(), p);
            }
            if (p.createId() != null) {
                byCreateId.put(p.createId(), p);
            }
        }
        List<String> unchanged = new ArrayList<>();
        List<String> written = new ArrayList<>();
        List<Write> writes = new ArrayList<>();
        List<Write> inserts = new ArrayList<>();
        List<RecordFailure> failures = new ArrayList<>();
        Set<Long> claimed = new java.util.HashSet<>();
        for (MappedRecord record : records) {
            Person person = byDynamicsId.get(record.dynamicsId());
            if (person == null) {
                // a lead this sync created and did not get to link before a crash
                person = byCreateId.get(record.dynamicsId());
            }
            if (person == null && byQualifiedLead.containsKey(record.dynamicsId())) {
                // a lead qualified into a contact: its person is the contact's now, the lead no longer syncs
                unchanged.add(record.dynamicsId());
                continue;
            }
            if (person == null && record.qualifiedFrom() != null && !record.excluded()) {
                // a synced lead qualified into this contact: the same person, now a contact
                Person lead = byDynamicsId.get(record.qualifiedFrom());
                if (lead == null) {
                    lead = byCreateId.get(record.qualifiedFrom()); // a lead this sync created, not yet linked
                }
                if (lead != null && !lead.excluded() && claimed.add(lead.id())) {
                    person = lead;
                }
            }
            if (record.mergedInto() != null) {
                if (person != null) {
                    boolean winnerKnown = byDynamicsId.containsKey(record.mergedInto());
                    mergedAway(c, person, record.mergedInto(), winnerKnown);
                    if (!winnerKnown) {
                        // the person now stands for the winner, which may come later in this very page
                        byDynamicsId.put(record.mergedInto(), new Person(person.id(), record.mergedInto(), person.createId(),
                                person.qualifiedLeadId(), null, person.deleted(), person.excluded(), person.values(),
                                person.baseline(), person.outbox(), person.changeSeq(), person.syncedSeq()));
                    }
                    written.add(record.dynamicsId());
                } else {
                    unchanged.add(record.dynamicsId());
                }
                continue;
            }
            if (record.excluded()) {
                if (person != null && !person.excluded()) {
                    flagExcluded(c, person);
                    written.add(record.dynamicsId());
                } else {
                    unchanged.add(record.dynamicsId());
                }
                continue;
            }
            if (person == null) {
                inserts.add(new Write(null, record, record.columns(), TwoWayMerge.baselineOf(mapping, record.columns()), false, 0));
                continue;
            }
            boolean sameRecord = record.dynamicsId().equals(person.dynamicsId());
            if (sameRecord && !rewrite && !person.deleted() && !person.excluded() && record.etag() != null
                    && record.etag().equals(person.etag())) {
                unchanged.add(record.dynamicsId());
                continue;
            }
            boolean linkedBefore = person.dynamicsId() != null;
            // a person linked before the two-way sync had baselines: its values were Dynamics' values
            Map<String, String> baseline = !linkedBefore ? null
                    : person.baseline() != null ? person.baseline() : TwoWayMerge.baselineOf(mapping, person.values());
            if (baseline != null && person.outbox() != null) {
                // a value an outbound batch is sending, read back from Dynamics, is the sync's own write, not
                // a Dynamics edit: a store edit made since must not lose to it
                baseline = new LinkedHashMap<>(baseline);
                for (Map.Entry<String, String> sending : person.outbox().entrySet()) {
                    if (Objects.equals(sending.getValue(), TwoWayMerge.key(record.columns().get(sending.getKey())))) {
                        baseline.put(sending.getKey(), sending.getValue());
                    }
                }
            }
            TwoWayMerge.Result merged = TwoWayMerge.inbound(mapping, person.values(), baseline, record.columns());
            writes.add(new Write(person.id(), record, merged.columns(), merged.baseline(), merged.pending(), person.changeSeq()));
        }
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        for (Write w : Batches.execute(c, insertSql(mapping, inserts), inserts, (ps, w) -> bindInsert(ps, mapping, w, now),
                (w, e) -> RowWriter.storeFailure(failures, w.record(), e))) {
            written.add(w.record().dynamicsId());
        }
        for (Write w : Batches.execute(c, updateSql(mapping, writes), writes, (ps, w) -> bindUpdate(ps, mapping, w, now),
                (w, e) -> RowWriter.storeFailure(failures, w.record(), e))) {
            written.add(w.record().dynamicsId());
        }
        return new RowWriter.Result(written, unchanged, failures);
    }

    /**
     * Takes the turn of person writers (leads and contacts inbound, the outbound sync's links) until the
     * transaction ends. Take it before any persons row lock, to keep one lock order.
     */
    public static void lockPersons(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT name FROM sync_locks WHERE name = 'persons' FOR UPDATE")) {
            ps.executeQuery().close();
        }
    }

    /** Reads and locks the persons the page touches, so no concurrent store edit is lost in the merge. */
    private static List<Person> lock(Connection c, EntityMapping mapping, Set<String> keys) throws SQLException {
        List<String> columns = mapping.fields().stream().map(FieldMapping::to).distinct().toList();
        List<String> ids = List.copyOf(keys);
        List<Person> persons = new ArrayList<>();
        Map<Long, Person> found = new LinkedHashMap<>();
        // one query per key column, so each uses its index (an OR across columns would scan the table)
        for (String key : List.of("dynamics_id", "dynamics_create_id", "qualified_lead_id")) {
            for (int from = 0; from < ids.size(); from += Sql.IN_CHUNK) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + Sql.IN_CHUNK));
                String sql = "SELECT id, dynamics_id, dynamics_create_id, qualified_lead_id, dynamics_etag, dynamics_deleted, "
                        + "sync_excluded, sync_baseline, sync_outbox, change_seq, synced_seq, " + String.join(", ", columns)
                        + " FROM persons WHERE " + key + " IN (" + Sql.placeholders(chunk.size()) + ") FOR UPDATE";
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    for (int i = 0; i < chunk.size(); i++) {
                        ps.setString(i + 1, chunk.get(i));
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            Map<String, Object> values = new LinkedHashMap<>();
                            for (String column : columns) {
                                values.put(column, rs.getObject(column));
                            }
                            found.putIfAbsent(rs.getLong("id"), new Person(rs.getLong("id"), rs.getString("dynamics_id"),
                                    rs.getString("dynamics_create_id"), rs.getString("qualified_lead_id"),
                                    rs.getString("dynamics_etag"), rs.getBoolean("dynamics_deleted"), rs.getBoolean("sync_excluded"),
                                    values, baseline(rs.getString("sync_baseline")), baseline(rs.getString("sync_outbox")),
                                    rs.getLong("change_seq"), rs.getLong("synced_seq")));
                        }
                    }
                }
            }
        }
        persons.addAll(found.values());
        return persons;
    }

    static Map<String, String> baseline(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readValue(json, BASELINE);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable sync_baseline: " + e.getMessage(), e);
        }
    }

    static String json(Map<String, String> baseline) {
        try {
            return JSON.writeValueAsString(baseline);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String insertSql(EntityMapping mapping, List<Write> inserts) {
        if (inserts.isEmpty()) {
            return null;
        }
        List<String> columns = new ArrayList<>(inserts.get(0).columns().keySet());
        columns.addAll(List.of("dynamics_id", "dynamics_modified_on", "dynamics_etag", "dynamics_deleted", "synced_at",
                "sync_baseline", "change_seq", "synced_seq", "qualified_lead_id"));
        return "INSERT INTO persons (" + String.join(", ", columns) + ") VALUES (" + Sql.placeholders(columns.size()) + ")";
    }

    private static void bindInsert(PreparedStatement ps, EntityMapping mapping, Write w, OffsetDateTime now) throws SQLException {
        int i = 1;
        for (Object value : w.columns().values()) {
            ps.setObject(i++, value);
        }
        MappedRecord r = w.record();
        ps.setString(i++, r.dynamicsId());
        ps.setObject(i++, r.modifiedOn());
        ps.setString(i++, r.etag());
        ps.setBoolean(i++, false);
        ps.setObject(i++, now);
        ps.setString(i++, json(w.baseline()));
        ps.setLong(i++, 0);
        ps.setLong(i++, 0);
        ps.setString(i, r.qualifiedFrom());
    }

    private static String updateSql(EntityMapping mapping, List<Write> writes) {
        if (writes.isEmpty()) {
            return null;
        }
        StringBuilder sql = new StringBuilder("UPDATE persons SET ");
        for (String column : writes.get(0).columns().keySet()) {
            sql.append(column).append(" = ?, ");
        }
        return sql.append("dynamics_id = ?, dynamics_type = ?, dynamics_modified_on = ?, dynamics_etag = ?, ")
                .append("dynamics_deleted = FALSE, sync_excluded = FALSE, merged_into_dynamics_id = NULL, sync_outbox = NULL, synced_at = ?, ")
                // still pending: make sure the outbound sync sees it; else everything up to change_seq is synced
                .append("sync_baseline = ?, synced_seq = CASE WHEN ? THEN LEAST(COALESCE(synced_seq, -1), change_seq - 1) ")
                .append("ELSE ? END, ")
                .append("qualified_lead_id = COALESCE(?, qualified_lead_id) ")
                .append("WHERE id = ?").toString();
    }

    private static void bindUpdate(PreparedStatement ps, EntityMapping mapping, Write w, OffsetDateTime now) throws SQLException {
        int i = 1;
        for (Object value : w.columns().values()) {
            ps.setObject(i++, value);
        }
        MappedRecord r = w.record();
        ps.setString(i++, r.dynamicsId());
        ps.setString(i++, mapping.dynamicsType());
        ps.setObject(i++, r.modifiedOn());
        ps.setString(i++, r.etag());
        ps.setObject(i++, now);
        ps.setString(i++, json(w.baseline()));
        ps.setBoolean(i++, w.pending());
        ps.setLong(i++, w.changeSeq());
        ps.setString(i++, r.qualifiedFrom());
        ps.setLong(i, w.personId());
    }

    private static void flagExcluded(Connection c, Person person) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE persons SET sync_excluded = TRUE WHERE id = ?")) {
            ps.setLong(1, person.id());
            ps.executeUpdate();
        }
    }

    /**
     * The record was merged into another in Dynamics. If the store has a person for the winner too, this
     * person is unlinked (kept, marked merged); otherwise it becomes the winner's person.
     */
    private static void mergedAway(Connection c, Person person, String winner, boolean winnerKnown)
            throws SQLException {
        String sql = winnerKnown
                ? "UPDATE persons SET dynamics_id = NULL, dynamics_create_id = NULL, merged_into_dynamics_id = ? "
                        + "WHERE id = ?"
                : "UPDATE persons SET dynamics_id = ?, dynamics_etag = NULL WHERE id = ?";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, winner);
            ps.setLong(2, person.id());
            ps.executeUpdate();
        }
    }
}
