package io.dynsync.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * What a transaction changed, in write order, so a rollback can put back the exact previous rows (values,
 * etags and versionnumbers alike) and withdraw the tombstones its deletes left in the change log. Rows are
 * immutable, so remembering the old object is a complete copy. Only the thread holding the store's write lock
 * touches an undo log.
 */
final class UndoLog {
    private final List<Runnable> entries = new ArrayList<>();

    /** {@code before} is null when the write created the row. */
    void recordBefore(ConcurrentSkipListMap<String, Row> table, String key, Row before) {
        entries.add(() -> {
            if (before == null) {
                table.remove(key);
            } else {
                table.put(key, before);
            }
        });
    }

    /** Any other change to undo on rollback (a tombstone to withdraw). */
    void recordUndo(Runnable undo) {
        entries.add(undo);
    }

    /** A committed nested transaction's writes become part of the enclosing one, which may still roll back. */
    void adopt(UndoLog committedChild) {
        entries.addAll(committedChild.entries);
    }

    /** Undoes everything in reverse write order; several writes to one row end at its oldest state. */
    void rollback() {
        for (int i = entries.size() - 1; i >= 0; i--) {
            entries.get(i).run();
        }
        entries.clear();
    }
}
