package io.dynsync.emulator;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Web API request split into what the operations need: the resource addressed below
 * {@code /api/data/v9.x/}, the decoded query options and the preferences.
 *
 * @param apiRoot  e.g. "http://127.0.0.1:8089/api/data/v9.2" (no trailing slash), for context URLs and links
 * @param resource the decoded path after the API root, e.g. "leads(…)" or "leads/$count"
 * @param segment  the first path segment without its parentheses ("leads", "RetrieveTotalRecordCount", "$batch")
 * @param set      the entity set named by the first segment, if it is one
 * @param key      the text inside the first segment's parentheses, or null
 * @param rest     the path after the first segment ("$count", "Microsoft.Dynamics.CRM.QualifyLead"), or null
 * @param callerId the systemuser the request acts as (set once authenticated), stamped into modifiedby
 */
record ApiRequest(String method, String rawPath, String rawQuery, Map<String, String> query,
                  Map<String, List<String>> headers, Preferences prefs, String apiRoot, String resource,
                  String segment, EntityDef set, String key, String rest, String callerId) {

    private static final Pattern API_PATH = Pattern.compile("^/api/data/(v9\\.\\d)(?:/(.*))?$");
    private static final Pattern SEGMENT = Pattern.compile("^([^/(]+)(?:\\((.*?)\\))?(?:/(.*))?$");

    static ApiRequest parse(String method, String rawPath, String rawQuery, Map<String, List<String>> headers,
                            String baseUrl, Schema schema) {
        Matcher api = API_PATH.matcher(rawPath);
        if (!api.matches()) {
            throw DataverseError.segmentNotFound(rawPath);
        }
        String resource = api.group(2) == null ? "" : HttpIo.decodePath(api.group(2));
        String segment = resource;
        String key = null;
        String rest = null;
        Matcher m = SEGMENT.matcher(resource);
        if (m.matches()) {
            segment = m.group(1);
            key = m.group(2);
            rest = m.group(3);
        }
        return new ApiRequest(method, rawPath, rawQuery, HttpIo.parseQuery(rawQuery), headers,
                Preferences.parse(headerValues(headers, "Prefer")), baseUrl + "/api/data/" + api.group(1),
                resource, segment, schema.bySet(segment), key, rest, null);
    }

    ApiRequest withCaller(String systemUserId) {
        return new ApiRequest(method, rawPath, rawQuery, query, headers, prefs, apiRoot, resource, segment, set, key,
                rest, systemUserId);
    }

    static List<String> headerValues(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return List.of();
    }

    String header(String name) {
        List<String> v = headerValues(headers, name);
        return v.isEmpty() ? null : v.get(0);
    }

    /** A plain collection read (GET <set>), the only kind that pages. */
    boolean isCollectionRead() {
        return method.equals("GET") && set != null && key == null && rest == null;
    }

    /** The record id in the path, checked to be a GUID; alternate keys come in a later round. */
    String recordId() {
        if (key.contains("=")) {
            throw DataverseError.notImplemented("Addressing a record by alternate key");
        }
        String id = Guids.normalize(key);
        if (id == null) {
            throw DataverseError.badRequest("Unrecognized 'Edm.Guid' literal '" + key + "' at '1' in '" + key + "'.");
        }
        return id;
    }
}
