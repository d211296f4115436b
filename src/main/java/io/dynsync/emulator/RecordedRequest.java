package io.dynsync.emulator;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One Web API request the emulator answered. A {@code $batch} is logged once as itself ({@link #isBatch()}) and
 * once per operation inside it ({@link #inBatch()}), each operation with its own method, path, headers and
 * status, so a test can count round trips and operations separately. The batch's own entry comes before its
 * operations' entries.
 *
 * @param at          emulator time when it arrived
 * @param path        raw request path, e.g. "/api/data/v9.2/leads"
 * @param rawQuery    raw query string as sent (null if none)
 * @param headers     request headers (names as the JDK's Headers normalize them, e.g. "Prefer"); for an
 *                    operation inside a batch, the headers of that operation's part
 * @param status      HTTP status answered (0 in the request a fault predicate sees)
 * @param entitySet   the entity set of a collection or record request, else null
 * @param pageNumber  1 for a first page, n for the page a $skiptoken asked for, 0 if not a collection read
 * @param rows        rows returned (0 for non-collection requests)
 * @param hasNextLink whether the answer carried an @odata.nextLink
 * @param inBatch     whether this was an operation inside a {@code $batch} rather than an HTTP request
 */
public record RecordedRequest(Instant at, String method, String path, String rawQuery,
                              Map<String, List<String>> headers, int status, String entitySet, int pageNumber,
                              int rows, boolean hasNextLink, boolean inBatch) {

    /** A request that was not part of a batch (the form before batches existed). */
    public RecordedRequest(Instant at, String method, String path, String rawQuery,
                           Map<String, List<String>> headers, int status, String entitySet, int pageNumber,
                           int rows, boolean hasNextLink) {
        this(at, method, path, rawQuery, headers, status, entitySet, pageNumber, rows, hasNextLink, false);
    }

    /** First value of a request header, case-insensitive; null if absent. */
    public String header(String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }

    /** The HTTP request that carried a batch: POST …/$batch. */
    public boolean isBatch() {
        return !inBatch && method.equals("POST") && (path.endsWith("/$batch") || path.endsWith("/%24batch"));
    }

    RecordedRequest answered(int newStatus, int newRows, boolean nextLink) {
        return new RecordedRequest(at, method, path, rawQuery, headers, newStatus, entitySet, pageNumber, newRows,
                nextLink, inBatch);
    }
}
