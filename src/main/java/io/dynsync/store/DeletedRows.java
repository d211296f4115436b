package io.dynsync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import io.dynsync.mapping.ChildMapping;
import io.dynsync.mapping.EntityMapping;

/**
 * Records deleted in Dynamics, in the store: flagged ({@code dynamics_deleted}, kept; persons are no
 * longer sent) or erased, as the mapping says. Deletes come as change-tracking tombstones, or are found
 * by comparing ids: a full read notes the ids it saw ({@code sync_seen_ids}, committed with each
 * page so a crash loses nothing), and at its end the rows it did not see are deletes.
 */
public class DeletedRows {

    /** Applies the delete policy to these records' rows; returns how many rows it touched. */
    public int apply(Connection c, EntityMapping mapping, Collection<String> ids, boolean erase) throws SQLException {
        int touched = 0;
        List<String> all = List.copyOf(ids);
        for (int from = 0; from < all.size(); from += Sql.IN_CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + Sql.IN_CHUNK));
            String in = " IN (" + Sql.placeholders(chunk.size()) + ")";
            if (!erase) {
                // a flagged person's create request is over: asking again makes a new lead
                String alsoPersons = EntityMapping.TWO_WAY_TABLE.equals(mapping.table()) ? ", sync_to_dynamics = FALSE" : "";
                touched += run(c, "UPDATE " + mapping.table() + " SET dynamics_deleted = TRUE" + alsoPersons
                        + " WHERE dynamics_deleted = FALSE AND dynamics_id" + in, chunk);
                continue;
            }
            for (ChildMapping child : mapping.children()) {
                run(c, "DELETE FROM " + child.table() + " WHERE " + child.parentColumn() + in, chunk);
            }
            if (EntityMapping.TWO_WAY_TABLE.equals(mapping.table())) {
                List<String> persons = new ArrayList<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT id FROM persons WHERE dynamics_id" + in)) {
                    bind(ps, chunk);
                    try (var rs = ps.executeQuery()) {
                        while (rs.next()) {
                            persons.add(rs.getString(1));
                        }
                    }
                }
                if (persons.isEmpty()) {
                    continue;
                }
                String byId = " WHERE id IN (" + Sql.placeholders(persons.size()) + ")";
                // unlinked first, so the erase is not taken for a store delete to send to Dynamics
                run(c, "UPDATE persons SET dynamics_id = NULL" + byId, persons);
                touched += run(c, "DELETE FROM persons" + byId, persons);
            } else {
                touched += run(c, "DELETE FROM " + mapping.table() + " WHERE dynamics_id" + in, chunk);
            }
        }
        return touched;
    }

    private static int run(Connection c, String sql, List<String> args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        }
    }

    private static void bind(PreparedStatement ps, List<String> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.matches("\\d+")) {
                ps.setLong(i + 1, Long.parseLong(arg));
            } else {
                ps.setString(i + 1, arg);
            }
        }
    }

    /** Notes ids a full read saw (for the comparison at its end). */
    public void seen(Connection c, String entity, Collection<String> ids) throws SQLException {
        List<String> all = List.copyOf(ids);
        for (int from = 0; from < all.size(); from += Sql.IN_CHUNK) {
            List<String> chunk = all.subList(from, Math.min(all.size(), from + Sql.IN_CHUNK));
            // a page read again after a restart notes its ids again
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM sync_seen_ids WHERE entity = ? AND dynamics_id IN ("
                    + Sql.placeholders(chunk.size()) + ")")) {
                ps.setString(1, entity);
                for (int i = 0; i < chunk.size(); i++) {
                    ps.setString(i + 2, chunk.get(i));
                }
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO sync_seen_ids (entity, dynamics_id) VALUES (?, ?)")) {
                for (String id : chunk) {
                    ps.setString(1, entity);
                    ps.setString(2, id);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    /**
     * A full read of one page: its ids are all there is, compared in memory, so that an unchanged set
     * writes nothing at all.
     */
    public List<String> reconcileOnePage(Connection c, EntityMapping mapping, Collection<String> ids, boolean erase,
            OffsetDateTime linkedBefore) throws SQLException {
        java.util.Set<String> seen = new java.util.HashSet<>(ids);
        List<String> missing = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(rowsOf(mapping, ""))) {
            bindRowsOf(ps, mapping, linkedBefore);
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    if (!seen.contains(rs.getString(1))) {
                        missing.add(rs.getString(1));
                    }
                }
            }
        }
        apply(c, mapping, missing, erase);
        return missing;
    }

    /**
     * The rows a full read should have seen: live, of the mapping's kind, and synced before the read began. A
     * row linked meanwhile (the outbound sync's new lead) may exist in Dynamics on a page already read.
     */
    private static String rowsOf(EntityMapping mapping, String more) {
        StringBuilder sql = new StringBuilder("SELECT dynamics_id FROM ").append(mapping.table())
                .append(" t WHERE dynamics_id IS NOT NULL AND dynamics_deleted = FALSE AND (synced_at IS NULL OR synced_at < ?)");
        for (String column : mapping.constants().keySet()) {
            sql.append(" AND ").append(column).append(" = ?");
        }
        return sql.append(more).toString();
    }

    private static int bindRowsOf(PreparedStatement ps, EntityMapping mapping, OffsetDateTime linkedBefore) throws SQLException {
        int i = 1;
        ps.setObject(i++, linkedBefore);
        for (String value : mapping.constants().values()) {
            ps.setString(i++, value);
        }
        return i;
    }

    /** A read that finds deletes starts with nothing seen (an abandoned read may have left ids behind). */
    public void startSeeing(Connection c, String entity) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM sync_seen_ids WHERE entity = ?")) {
            ps.setString(1, entity);
            ps.executeUpdate();
        }
    }

    /**
     * Ends a full read: the entity's rows whose ids it did not see were deleted in Dynamics.
     *
     * @param lastPage the ids of the last page, which are not in sync_seen_ids (saved a write for a one-page read)
     * @return the ids found deleted
     */
    public List<String> reconcile(Connection c, EntityMapping mapping, Collection<String> lastPage, boolean erase,
            OffsetDateTime linkedBefore) throws SQLException {
        seen(c, mapping.entitySet(), lastPage);
        List<String> missing = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(rowsOf(mapping,
                " AND NOT EXISTS (SELECT 1 FROM sync_seen_ids s WHERE s.entity = ? AND s.dynamics_id = t.dynamics_id)"))) {
            ps.setString(bindRowsOf(ps, mapping, linkedBefore), mapping.entitySet());
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    missing.add(rs.getString(1));
                }
            }
        }
        apply(c, mapping, missing, erase);
        startSeeing(c, mapping.entitySet());
        return missing;
    }
}
