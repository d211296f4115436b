package io.dynsync;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/** Heap figures for the run-once summary. */
final class HeapWatch {

    private HeapWatch() {
    }

    /**
     * Sum of the heap pools' peak usage since start: the most heap the JVM used, garbage included (a JVM
     * fills the heap it is given before collecting, so run with a small -Xmx to see what the sync needs).
     */
    static long peakHeapBytes() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
