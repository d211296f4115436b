package io.dynsync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Runs one statement for many items as a JDBC batch, in the caller's transaction. If the batch fails,
 * the items are run again one by one under savepoints: a bad item is reported, the others are kept.
 */
final class Batches {

    @FunctionalInterface
    interface Binder<T> {
        void bind(PreparedStatement ps, T item) throws SQLException;
    }

    private Batches() {
    }

    /**
     * @param failed called for each item that failed on its own, with the database's error
     * @return the items that were written
     */
    static <T> List<T> execute(Connection c, String sql, List<T> items, Binder<T> binder,
            BiFunction<T, SQLException, Void> failed) throws SQLException {
        if (items.isEmpty()) {
            return List.of();
        }
        Savepoint batch = c.setSavepoint();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (T item : items) {
                binder.bind(ps, item);
                ps.addBatch();
            }
            ps.executeBatch();
            c.releaseSavepoint(batch);
            return items;
        } catch (SQLException batchFailure) {
            c.rollback(batch);
        }
        List<T> ok = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (T item : items) {
                Savepoint one = c.setSavepoint();
                try {
                    binder.bind(ps, item);
                    ps.executeUpdate();
                    c.releaseSavepoint(one);
                    ok.add(item);
                } catch (SQLException e) {
                    c.rollback(one);
                    failed.apply(item, e);
                }
            }
        }
        return ok;
    }
}
