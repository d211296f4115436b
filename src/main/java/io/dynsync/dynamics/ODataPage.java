package io.dynsync.dynamics;

import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One page of a Web API collection read.
 *
 * @param records    the {@code value} array's records
 * @param nextLink   {@code @odata.nextLink}, to be followed exactly as given; null on the last page
 * @param deltaLink  {@code @odata.deltaLink} (change tracking, last page only), else null
 * @param count      {@code @odata.count} when asked for (capped at 5000 by Dataverse), else null
 * @param serverTime Dynamics' clock when it answered (the HTTP {@code Date} header), null if absent
 */
public record ODataPage(List<JsonNode> records, String nextLink, String deltaLink, Long count, OffsetDateTime serverTime) {

    /** Dataverse never counts beyond this in {@code @odata.count}. */
    public static final long COUNT_CAP = 5000;
}
