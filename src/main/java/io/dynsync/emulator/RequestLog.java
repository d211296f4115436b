package io.dynsync.emulator;

import java.util.ArrayDeque;
import java.util.List;

/** The Web API requests answered, oldest first; bounded so long benchmarks do not exhaust memory. */
final class RequestLog {
    static final int MAX_ENTRIES = 200_000;

    private final ArrayDeque<RecordedRequest> entries = new ArrayDeque<>();

    synchronized void add(RecordedRequest r) {
        if (entries.size() >= MAX_ENTRIES) {
            entries.removeFirst();
        }
        entries.addLast(r);
    }

    synchronized List<RecordedRequest> snapshot() {
        return List.copyOf(entries);
    }

    synchronized void clear() {
        entries.clear();
    }
}
