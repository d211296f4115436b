package io.dynsync.emulator;

import java.util.List;
import java.util.Map;

/** One top-level part of a $batch request: a single operation, or a change set of operations run atomically. */
sealed interface BatchItem permits BatchItem.Operation, BatchItem.ChangeSet {

    /**
     * One HTTP request inside a batch.
     *
     * @param contentId its Content-ID part header (null if none); inside a change set, {@code $<contentId>} then
     *                  names the record it creates
     * @param url       as written: relative ("/api/data/v9.2/leads", "leads"), absolute, or a {@code $n} reference
     */
    record Operation(String contentId, String method, String url, Map<String, List<String>> headers, byte[] body)
            implements BatchItem {
    }

    record ChangeSet(List<Operation> operations) implements BatchItem {
    }
}
