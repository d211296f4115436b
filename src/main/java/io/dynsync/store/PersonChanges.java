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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.dynsync.mapping.EntityMapping;
import io.dynsync.mapping.FieldMapping;

/**
 * The store side of the outbound sync: which persons have changes for Dynamics (oldest change first),
 * and what became of them. It runs in the sync's marked transactions ({@link Store#inTransaction}), so
 * its writes are not taken for store changes.
 */
public class PersonChanges {

    private static final String OPEN_ERROR_NOT_DUE = "EXISTS (SELECT 1 FROM sync_errors e WHERE e.entity = ? "
            + "AND e.direction = 'outbound' AND e.resolved = FALSE AND e.record_key = CAST(p.id AS VARCHAR(64)) "
            + "AND e.next_attempt_at > ?)";
    /** A person of the entity (dynamics_type ?) with store changes Dynamics has not had yet. */
    private static final String CHANGED = "p.dynamics_type = ? AND p.dynamics_id IS NOT NULL AND p.dynamics_deleted = FALSE "
            + "AND p.sync_excluded = FALSE AND p.change_seq > COALESCE(p.synced_seq, -1)";
    /** A person asking to be created in Dynamics, or again after Dynamics deleted its record. */
    private static final String REQUESTED = "p.sync_to_dynamics = TRUE AND (p.dynamics_id IS NULL OR p.dynamics_deleted = TRUE) "
            + "AND p.merged_into_dynamics_id IS NULL AND p.sync_excluded = FALSE";

    /**
     * Changed persons linked to the entity's records, after {@code afterSeq} in change order.
     */
    public List<PendingPerson> changed(Connection c, EntityMapping mapping, long afterSeq, int limit) throws SQLException {
        String sql = select(mapping) + " WHERE " + CHANGED + " AND p.change_seq > ? AND NOT " + OPEN_ERROR_NOT_DUE + " ORDER BY p.change_seq FETCH FIRST " + limit + " ROWS ONLY";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, mapping.dynamicsType());
            ps.setLong(2, afterSeq);
            ps.setString(3, mapping.entitySet());
            ps.setObject(4, OffsetDateTime.now(ZoneOffset.UTC));
            return read(ps, mapping);
        }
    }

    /** The given persons, if they still have changes for Dynamics (a second attempt after a conflict). */
    public List<PendingPerson> changedAmong(Connection c, EntityMapping mapping, Collection<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return List.of();
        }
        String sql = select(mapping) + " WHERE " + CHANGED + " AND p.id IN ("
                + Sql.placeholders(ids.size()) + ") ORDER BY p.change_seq";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, mapping.dynamicsType());
            int i = 2;
            for (Long id : ids) {
                ps.setLong(i++, id);
            }
            return read(ps, mapping);
        }
    }

    /**
     * A person whose record Dynamics deleted, asked to sync again, is unlinked from it: a create request,
     * so it becomes a new lead (Marketo's rule; flagging it cleared its old request, so this one is new).
     */
    public int reviveDeleted(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE persons SET dynamics_id = NULL, dynamics_deleted = FALSE, "
                + "dynamics_etag = NULL, dynamics_modified_on = NULL, dynamics_create_id = NULL, qualified_lead_id = NULL, "
                + "sync_baseline = NULL, sync_outbox = NULL WHERE sync_to_dynamics = TRUE AND dynamics_deleted = TRUE "
                + "AND merged_into_dynamics_id IS NULL")) {
            return ps.executeUpdate();
        }
    }

    /** Changed persons of the entity waiting for Dynamics, and create requests (the status command). */
    public record Waiting(long changed, long createRequests) {
    }

    public Waiting waiting(Connection c, EntityMapping mapping) throws SQLException {
        long changed;
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM persons p WHERE " + CHANGED)) {
            ps.setString(1, mapping.dynamicsType());
            changed = count(ps);
        }
        if (!mapping.createOnRequest()) {
            return new Waiting(changed, 0);
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM persons p WHERE " + REQUESTED)) {
            return new Waiting(changed, count(ps));
        }
    }

    private static long count(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Persons asking to be created in Dynamics (sync_to_dynamics, no record yet), oldest request first. */
    public List<PendingPerson> createRequests(Connection c, EntityMapping mapping, int limit) throws SQLException {
        String sql = select(mapping) + " WHERE p.sync_to_dynamics = TRUE AND p.dynamics_id IS NULL "
                + "AND p.merged_into_dynamics_id IS NULL AND p.sync_excluded = FALSE AND NOT " + OPEN_ERROR_NOT_DUE
                + " ORDER BY p.change_seq FETCH FIRST " + limit + " ROWS ONLY";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, mapping.entitySet());
            ps.setObject(2, OffsetDateTime.now(ZoneOffset.UTC));
            return read(ps, mapping);
        }
    }

    /**
     * Gives each create request the id its Dynamics record will have, committed before the create is
     * sent: after a crash, the retry finds a record Dynamics did create by this id instead of creating
     * a second one.
     */
    public List<PendingPerson> assignCreateIds(Connection c, List<PendingPerson> requests) throws SQLException {
        List<PendingPerson> assigned = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("UPDATE persons SET dynamics_create_id = ? "
                + "WHERE id = ? AND dynamics_create_id IS NULL")) {
            for (PendingPerson p : requests) {
                if (p.createId() != null) {
                    assigned.add(p);
                    continue;
                }
                String id = UUID.randomUUID().toString();
                ps.setString(1, id);
                ps.setLong(2, p.id());
                if (ps.executeUpdate() == 1) {
                    assigned.add(new PendingPerson(p.id(), null, id, p.etag(), p.values(), p.baseline(), p.changeSeq()));
                }
                // else another node gave it an id meanwhile and handles it; it is ours again next cycle
            }
        }
        return assigned;
    }

    /** The person already linked to a Dynamics record, if any. */
    public java.util.Optional<Long> linkedPerson(Connection c, String dynamicsId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM persons WHERE dynamics_id = ? OR qualified_lead_id = ?")) {
            ps.setString(1, dynamicsId);
            ps.setString(2, dynamicsId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? java.util.Optional.of(rs.getLong(1)) : java.util.Optional.empty();
            }
        }
    }

    /** Points a create request at an existing Dynamics record (found by email), which the inbound writer then links. */
    public void linkTo(Connection c, PendingPerson person, String dynamicsId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE persons SET dynamics_create_id = ? WHERE id = ?")) {
            ps.setString(1, dynamicsId);
            ps.setLong(2, person.id());
            ps.executeUpdate();
        }
    }

    /**
     * Records a successful send: the etag Dynamics answered, the baseline now including what was sent,
     * and the change covered. A person whose etag moved meanwhile (the inbound sync saw a newer version)
     * keeps the inbound sync's view and stays pending for another look.
     */
    public void sent(Connection c, EntityMapping mapping, PendingPerson person, String dynamicsId, String etag,
            OffsetDateTime modifiedOn, Map<String, String> baseline) throws SQLException {
        String sql = "UPDATE persons SET dynamics_id = ?, dynamics_type = ?, dynamics_etag = ?, dynamics_modified_on = ?, "
                + "sync_baseline = ?, synced_seq = ?, synced_at = ?, sync_outbox = NULL WHERE id = ? AND "
                + (person.isCreate() ? "dynamics_id IS NULL" : "dynamics_etag IS NOT DISTINCT FROM ?");
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, dynamicsId);
            ps.setString(2, mapping.dynamicsType());
            ps.setString(3, etag);
            ps.setObject(4, modifiedOn);
            ps.setString(5, PersonRowWriter.json(baseline));
            ps.setLong(6, person.changeSeq());
            ps.setObject(7, OffsetDateTime.now(ZoneOffset.UTC));
            ps.setLong(8, person.id());
            if (!person.isCreate()) {
                ps.setString(9, person.etag());
            }
            ps.executeUpdate();
        }
    }

    /**
     * Columns whose sent form differs from the store's only in spelling (a lookup id in upper case) take the
     * sent form, unless edited again meanwhile; a sync write, so nothing is sent for it.
     */
    public void tidied(Connection c, PendingPerson person, Map<String, Object> sent) throws SQLException {
        for (Map.Entry<String, Object> column : sent.entrySet()) {
            Object stored = person.values().get(column.getKey());
            if (stored instanceof String raw && column.getValue() instanceof String tidy && !raw.equals(tidy)) {
                try (PreparedStatement ps = c.prepareStatement("UPDATE persons SET " + column.getKey() + " = ? WHERE id = ? AND "
                        + column.getKey() + " = ?")) {
                    ps.setString(1, tidy);
                    ps.setLong(2, person.id());
                    ps.setString(3, raw);
                    ps.executeUpdate();
                }
            }
        }
    }

    /** Remembers what is about to be sent for each person (see the sync_outbox column). */
    public void sending(Connection c, Map<Long, Map<String, String>> values) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE persons SET sync_outbox = ? WHERE id = ?")) {
            for (Map.Entry<Long, Map<String, String>> person : values.entrySet()) {
                ps.setString(1, PersonRowWriter.json(person.getValue()));
                ps.setLong(2, person.getKey());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The batch's answers are recorded: nothing of it is in flight any more. */
    public void sendingDone(Connection c, Collection<Long> personIds) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE persons SET sync_outbox = NULL WHERE id = ? AND sync_outbox IS NOT NULL")) {
            for (Long id : personIds) {
                ps.setLong(1, id);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Nothing to send (the change was to an unmapped column, or back to Dynamics' value): caught up. */
    public void nothingToSend(Connection c, PendingPerson person) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE persons SET synced_seq = ? "
                + "WHERE id = ? AND COALESCE(synced_seq, -1) < ?")) {
            ps.setLong(1, person.changeSeq());
            ps.setLong(2, person.id());
            ps.setLong(3, person.changeSeq());
            ps.executeUpdate();
        }
    }

    /**
     * Dynamics no longer has the record. By default the person stays, flagged, and nothing more is sent
     * for it; with {@code erase} the person is deleted from the store (unlinked first, so the delete is not
     * taken for a store delete to send to Dynamics).
     */
    public void deletedInDynamics(Connection c, PendingPerson person, boolean erase) throws SQLException {
        String[] statements = erase
                ? new String[] {"UPDATE persons SET dynamics_id = NULL WHERE id = ?", "DELETE FROM persons WHERE id = ?"}
                : new String[] {"UPDATE persons SET dynamics_deleted = TRUE, sync_to_dynamics = FALSE WHERE id = ?"};
        for (String sql : statements) {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setLong(1, person.id());
                ps.executeUpdate();
            }
        }
    }

    /** A Dynamics record whose person was deleted in the store. */
    public record StoreDelete(long id, String dynamicsId, boolean excluded) {
    }

    /** Persons of the entity deleted in the store since the last cycle. */
    public List<StoreDelete> storeDeletes(Connection c, EntityMapping mapping, int limit) throws SQLException {
        List<StoreDelete> deletes = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, dynamics_id, excluded FROM sync_person_deletes WHERE dynamics_type = ? "
                + "ORDER BY id FETCH FIRST " + limit + " ROWS ONLY")) {
            ps.setString(1, mapping.dynamicsType());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    deletes.add(new StoreDelete(rs.getLong(1), rs.getString(2), rs.getBoolean(3)));
                }
            }
        }
        return deletes;
    }

    /** Done with a store delete (sent, or not to be sent). */
    public void forget(Connection c, StoreDelete delete) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM sync_person_deletes WHERE id = ?")) {
            ps.setLong(1, delete.id());
            ps.executeUpdate();
        }
    }

    private static String select(EntityMapping mapping) {
        List<String> columns = mapping.fields().stream().map(FieldMapping::to).distinct().map(col -> "p." + col).toList();
        return "SELECT p.id, p.dynamics_id, p.dynamics_create_id, p.dynamics_etag, p.sync_baseline, p.change_seq, "
                + String.join(", ", columns) + " FROM persons p";
    }

    private static List<PendingPerson> read(PreparedStatement ps, EntityMapping mapping) throws SQLException {
        List<PendingPerson> persons = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Map<String, Object> values = new LinkedHashMap<>();
                for (FieldMapping field : mapping.fields()) {
                    values.put(field.to(), rs.getObject(field.to()));
                }
                String dynamicsId = rs.getString("dynamics_id");
                Map<String, String> baseline = PersonRowWriter.baseline(rs.getString("sync_baseline"));
                if (baseline == null && dynamicsId != null) {
                    // linked before the two-way sync kept baselines: its values were Dynamics' values
                    baseline = io.dynsync.mapping.TwoWayMerge.baselineOf(mapping, values);
                }
                persons.add(new PendingPerson(rs.getLong("id"), dynamicsId, rs.getString("dynamics_create_id"),
                        rs.getString("dynamics_etag"), values, baseline, rs.getLong("change_seq")));
            }
        }
        return persons;
    }
}
