package io.dynsync.dynamics;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import io.dynsync.mapping.EntityMapping;

/**
 * Builds the first-page URL of an inbound read. Later pages are never built: they are the
 * {@code @odata.nextLink} Dynamics returns, followed as given.
 */
public class InboundQuery {

    public static final String API_PATH = "/api/data/v9.2/";
    private static final DateTimeFormatter ODATA_INSTANT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'");

    private final String apiRoot;

    /** @param dynamicsUrl {@code sync.dynamics.url}, e.g. https://contoso.crm.dynamics.com */
    public InboundQuery(String dynamicsUrl) {
        String url = dynamicsUrl.endsWith("/") ? dynamicsUrl.substring(0, dynamicsUrl.length() - 1) : dynamicsUrl;
        this.apiRoot = url + API_PATH;
    }

    public String apiRoot() {
        return apiRoot;
    }

    /** Whether a saved page link still belongs to this organization and entity set. */
    public boolean isPageOf(EntityMapping mapping, String link) {
        String prefix = apiRoot + mapping.entitySet() + "?";
        return link != null && link.regionMatches(true, 0, prefix, 0, prefix.length());
    }

    /**
     * Every record of the set, in Dataverse's default (primary key) order, with a count for progress. With
     * change tracking the read is sent with {@code Prefer: odata.track-changes}, which allows no other
     * query option than $select: its last page then carries the link to the changes from now on.
     */
    public String fullRead(EntityMapping mapping) {
        return apiRoot + mapping.entitySet() + "?$select=" + String.join(",", mapping.selectAttributes())
                + (mapping.changeTracking() ? "" : "&$count=true");
    }

    /** The ids of every record (to find the records deleted in Dynamics). */
    public String ids(EntityMapping mapping) {
        return apiRoot + mapping.entitySet() + "?$select=" + mapping.primaryKey();
    }

    /**
     * Records modified at or after the watermark, oldest change first. The primary key breaks ties so
     * keyset paging neither skips nor repeats records that share a modifiedon second.
     */
    public String changedSince(EntityMapping mapping, OffsetDateTime watermark) {
        String instant = ODATA_INSTANT.format(watermark.withOffsetSameInstant(ZoneOffset.UTC));
        return apiRoot + mapping.entitySet() + "?$select=" + String.join(",", mapping.selectAttributes())
                + "&$filter=" + encode("modifiedon ge " + instant)
                + "&$orderby=" + encode("modifiedon asc," + mapping.primaryKey() + " asc")
                + "&$count=true";
    }

    /** Ids or values per $filter: far below Dataverse's URL and query-complexity limits. */
    public static final int FILTER_CHUNK = 40;

    /**
     * The preference asking for each lookup's target entity, when the mapping needs it (polymorphic
     * lookups with a target), else null.
     */
    public static String lookupAnnotations(EntityMapping mapping) {
        return mapping.needsLookupTargets()
                ? "odata.include-annotations=\"" + io.dynsync.mapping.RecordMapper.LOOKUP_TARGET_ANNOTATION + "\"" : null;
    }

    /** The given records (a retry of records that failed), at most {@link #FILTER_CHUNK} ids per call. */
    public String byIds(EntityMapping mapping, List<String> ids) {
        StringBuilder filter = new StringBuilder();
        for (String id : ids) {
            filter.append(filter.length() == 0 ? "" : " or ").append(mapping.primaryKey()).append(" eq ").append(id);
        }
        return apiRoot + mapping.entitySet() + "?$select=" + String.join(",", mapping.selectAttributes())
                + "&$filter=" + encode(filter.toString());
    }

    /** Records whose attribute equals one of the values (string literals, compared case-insensitively by Dataverse). */
    public String byValues(EntityMapping mapping, String attribute, List<String> values) {
        StringBuilder filter = new StringBuilder();
        for (String value : values) {
            filter.append(filter.length() == 0 ? "" : " or ").append(attribute).append(" eq '")
                    .append(value.replace("'", "''")).append('\'');
        }
        return apiRoot + mapping.entitySet() + "?$select=" + String.join(",", mapping.selectAttributes())
                + "&$filter=" + encode(filter.toString());
    }

    /** The exact record count of a large table ({@code @odata.count} stops at 5000). */
    public String totalRecordCount(EntityMapping mapping) {
        return apiRoot + "RetrieveTotalRecordCount(EntityNames=" + encode("['" + mapping.logicalName() + "']") + ")";
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
