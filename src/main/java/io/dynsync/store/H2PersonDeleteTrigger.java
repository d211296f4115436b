package io.dynsync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import org.h2.api.Trigger;

/**
 * H2's trigger for deleted persons (H2 triggers are Java classes; PostgreSQL uses PL/pgSQL): remembers
 * the Dynamics record of a deleted, linked person in {@code sync_person_deletes}.
 */
public class H2PersonDeleteTrigger implements Trigger {

    private int dynamicsId = -1;
    private int dynamicsType = -1;
    private int excluded = -1;

    @Override
    public void init(Connection c, String schema, String trigger, String table, boolean before, int type) throws SQLException {
        try (var rs = c.getMetaData().getColumns(null, schema, table, null)) {
            int index = 0;
            while (rs.next()) {
                String column = rs.getString("COLUMN_NAME");
                if ("DYNAMICS_ID".equalsIgnoreCase(column)) {
                    dynamicsId = index;
                } else if ("DYNAMICS_TYPE".equalsIgnoreCase(column)) {
                    dynamicsType = index;
                } else if ("SYNC_EXCLUDED".equalsIgnoreCase(column)) {
                    excluded = index;
                }
                index++;
            }
        }
    }

    @Override
    public void fire(Connection c, Object[] oldRow, Object[] newRow) throws SQLException {
        if (oldRow == null || dynamicsId < 0 || oldRow[dynamicsId] == null) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO sync_person_deletes (dynamics_id, dynamics_type, excluded) VALUES (?, ?, ?)")) {
            ps.setString(1, oldRow[dynamicsId].toString());
            ps.setString(2, dynamicsType < 0 || oldRow[dynamicsType] == null ? null : oldRow[dynamicsType].toString());
            ps.setBoolean(3, excluded >= 0 && Boolean.TRUE.equals(oldRow[excluded]));
            ps.executeUpdate();
        }
    }
}
