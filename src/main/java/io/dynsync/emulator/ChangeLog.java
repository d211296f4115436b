package io.dynsync.emulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The deletes change tracking reports: one tombstone per deleted row, with the version the delete took (from the
 * same sequence as rows' versionnumber, so deletes order among the other changes) and when it happened.
 * Created and updated rows need no log: their versionnumber already says when they last changed. Tombstones are
 * kept for the retention period (the delta tokens' lifetime) and dropped after it. Thread-safe.
 */
final class ChangeLog {
    record Tombstone(long version, String id, Instant at) {
    }

    private final Map<String, List<Tombstone>> bySet = new HashMap<>();
    private volatile Duration retention = EmulatorOptions.DEFAULT_RETENTION;

    void retention(Duration d) {
        retention = d;
    }

    /** Records a delete; tombstones past the retention period go at the same time. */
    synchronized Tombstone deleted(String entitySet, String id, long version, Instant at) {
        List<Tombstone> list = bySet.computeIfAbsent(entitySet, k -> new ArrayList<>());
        Instant oldest = at.minus(retention);
        list.removeIf(t -> t.at().isBefore(oldest));
        Tombstone t = new Tombstone(version, id, at);
        list.add(t);
        return t;
    }

    /** Withdraws a tombstone whose delete was rolled back. */
    synchronized void withdraw(String entitySet, Tombstone t) {
        List<Tombstone> list = bySet.get(entitySet);
        if (list != null) {
            list.remove(t);
        }
    }

    /** Tombstones with {@code after < version <= upTo}, oldest first. */
    synchronized List<Tombstone> between(String entitySet, long after, long upTo) {
        List<Tombstone> out = new ArrayList<>();
        for (Tombstone t : bySet.getOrDefault(entitySet, List.of())) {
            if (t.version() > after && t.version() <= upTo) {
                out.add(t);
            }
        }
        out.sort((a, b) -> Long.compare(a.version(), b.version()));
        return out;
    }
}
