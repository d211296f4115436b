package io.dynsync.emulator;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One Web API request the emulator answered.
 *
 * @param at          emulator time when it arrived
 * @param path        raw request path, e.g. "/api/data/v9.2/leads"
 * @param rawQuery    raw query string as sent (null if none)
 * @param headers     request headers (names as the JDK's Headers normalize them, e.g. "Prefer")
 * @param status      HTTP status answered (0 in the request a fault predicate sees)
 * @param entitySet   the entity set of a collection or record request, else null
 * @param pageNumber  1 for a first page, n for the page a $skiptoken asked for, 0 if not a collection read
 * @param rows        rows returned (0 for non-collection requests)
 * @param hasNextLink whether the answer carried an @odata.nextLink
 */
public record RecordedRequest(Instant at, String method, String path, String rawQuery,
                              Map<String, List<String>> headers, int status, String entitySet, int pageNumber,
                              int rows, boolean hasNextLink) {

    /** First value of a request header, case-insensitive; null if absent. */
    public String header(String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }

    RecordedRequest answered(int newStatus, int newRows, boolean nextLink) {
        return new RecordedRequest(at, method, path, rawQuery, headers, newStatus, entitySet, pageNumber, newRows,
                nextLink);
    }
}
