package io.dynsync.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The rows a transaction replaced, in write order, so a rollback can put back the exact previous rows (values,
 * etags and versionnumbers alike). Rows are immutable, so remembering the old object is a complete copy.
 * Only the thread holding the store's write lock touches an undo log.
 */
final class UndoLog {
    /** {@code before} is null when the write created the row. */
    private record Entry(ConcurrentSkipListMap<String, Row> table, String key, Row before) {
    }

    private final List<Entry> entries = new ArrayList<>();

    void recordBefore(ConcurrentSkipListMap<String, Row> table, String key, Row before) {
        entries.add(new Entry(table, key, before));
    }

    /** A committed nested transaction's writes become part of the enclosing one, which may still roll back. */
    void adopt(UndoLog committedChild) {
        entries.addAll(committedChild.entries);
    }

    /** Restores every row in reverse write order; several writes to one row end at its oldest state. */
    void rollback() {
        for (int i = entries.size() - 1; i >= 0; i--) {
            Entry e = entries.get(i);
            if (e.before == null) {
                e.table.remove(e.key);
            } else {
                e.table.put(e.key, e.before);
            }
        }
        entries.clear();
    }
}
