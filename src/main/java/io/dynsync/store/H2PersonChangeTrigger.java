package io.dynsync.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;

import org.h2.api.Trigger;

/**
 * H2's change detection on persons (H2 triggers are Java classes; PostgreSQL has the same logic in
 * PL/pgSQL): every insert and every real update by anyone but the sync draws a new change_seq, whatever
 * the statement set it to. The sync marks its sessions with {@code @dynsync_writer} ({@link Store}).
 */
public class H2PersonChangeTrigger implements Trigger {

    private int changeSeq = -1;

    @Override
    public void init(Connection c, String schema, String trigger, String table, boolean before, int type) throws SQLException {
        try (ResultSet rs = c.getMetaData().getColumns(null, schema, table, null)) {
            for (int index = 0; rs.next(); index++) {
                if ("CHANGE_SEQ".equalsIgnoreCase(rs.getString("COLUMN_NAME"))) {
                    changeSeq = index;
                }
            }
        }
    }

    @Override
    public void fire(Connection c, Object[] oldRow, Object[] newRow) throws SQLException {
        if (newRow == null || changeSeq < 0 || isSync(c) || oldRow != null && sameExceptChangeSeq(oldRow, newRow)) {
            return;
        }
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT NEXT VALUE FOR persons_change_seq")) {
            rs.next();
            newRow[changeSeq] = rs.getLong(1);
        }
    }

    private static boolean isSync(Connection c) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT @dynsync_writer")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    private boolean sameExceptChangeSeq(Object[] oldRow, Object[] newRow) {
        for (int i = 0; i < newRow.length; i++) {
            if (i != changeSeq && !Objects.equals(oldRow[i], newRow[i])) {
                return false;
            }
        }
        return true;
    }
}
