package io.dynsync;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Counts the cycles each entity's route has ended, and lets a caller wait for the next one to end. */
public final class CycleCounter {

    private final Map<String, Long> ended = new ConcurrentHashMap<>();

    public synchronized void ended(String entitySet) {
        ended.merge(entitySet, 1L, Long::sum);
        notifyAll();
    }

    public long count(String entitySet) {
        return ended.getOrDefault(entitySet, 0L);
    }

    /** Waits until more than {@code count} cycles of the entity have ended; false on timeout. */
    public synchronized boolean awaitMoreThan(String entitySet, long count, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (count(entitySet) <= count) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }
}
