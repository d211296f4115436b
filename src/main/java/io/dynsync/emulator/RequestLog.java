package io.dynsync.emulator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * The Web API requests answered, oldest first; bounded so long benchmarks do not exhaust memory. A request
 * may reserve its place on arrival ({@link #reserve}) and fill it when answered, so a $batch is listed before
 * the operations it contains although it is answered after them.
 */
final class RequestLog {
    static final int MAX_ENTRIES = 200_000;

    /** A place in the log; invisible until filled. */
    static final class Slot {
        private volatile RecordedRequest entry;

        void fill(RecordedRequest r) {
            entry = r;
        }
    }

    private final ArrayDeque<Slot> entries = new ArrayDeque<>();

    synchronized void add(RecordedRequest r) {
        reserve().fill(r);
    }

    synchronized Slot reserve() {
        if (entries.size() >= MAX_ENTRIES) {
            entries.removeFirst();
        }
        Slot s = new Slot();
        entries.addLast(s);
        return s;
    }

    synchronized List<RecordedRequest> snapshot() {
        List<RecordedRequest> out = new ArrayList<>(entries.size());
        for (Slot s : entries) {
            RecordedRequest r = s.entry;
            if (r != null) {
                out.add(r);
            }
        }
        return List.copyOf(out);
    }

    synchronized void clear() {
        entries.clear();
    }
}
