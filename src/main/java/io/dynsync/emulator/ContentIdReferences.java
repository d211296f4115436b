package io.dynsync.emulator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code $<Content-ID>} references inside one change set: an operation's URL ({@code $1}, {@code $1/…}) and its
 * {@code @odata.bind} / {@code @odata.id} values ({@code "$1"}) name the record an earlier operation of the same
 * change set wrote. A reference to a Content-ID not (yet) seen is Dataverse's 400 "does not exist in the batch
 * context"; operations outside change sets get an empty instance, so any reference there fails the same way.
 */
final class ContentIdReferences {
    private static final Pattern URL_REFERENCE = Pattern.compile("^\\$([^/?$]+)(.*)$");
    private static final Pattern VALUE_REFERENCE = Pattern.compile("^\\$([^/?$]+)$");
    /** Resources whose names also start with '$' and are never Content-ID references. */
    private static final Set<String> SYSTEM_SEGMENTS = Set.of("batch", "metadata", "count", "ref", "value");

    private final Map<String, String> entityPathById = new HashMap<>();

    /** Remembers that the operation with this Content-ID wrote {@code entityPath} ("leads(…)"). */
    void define(String contentId, String entityPath) {
        entityPathById.put(contentId, entityPath);
    }

    /** "$1/…" → "{apiBasePath}/leads(…)/…"; any other URL is returned unchanged. */
    String resolveUrl(String url, String apiBasePath) {
        Matcher m = URL_REFERENCE.matcher(url);
        if (!m.matches() || SYSTEM_SEGMENTS.contains(m.group(1))) {
            return url;
        }
        return apiBasePath + "/" + lookup(m.group(1)) + m.group(2);
    }

    /** The body with "$n" bind and id values replaced by "/set(id)"; bodies without references are returned as is. */
    byte[] resolveBody(byte[] body) {
        if (body.length == 0 || !new String(body, StandardCharsets.UTF_8).contains("\"$")) {
            return body;
        }
        Map<String, Object> json;
        try {
            json = HttpIo.readJsonObject(body);
        } catch (DataverseError e) {
            return body; // not JSON: the operation itself reports that
        }
        Map<String, Object> out = new LinkedHashMap<>();
        boolean changed = false;
        for (Map.Entry<String, Object> e : json.entrySet()) {
            Object v = e.getValue();
            if (e.getKey().endsWith("@odata.bind") || e.getKey().equals("@odata.id")) {
                Object resolved = resolveValue(v);
                changed |= resolved != v;
                v = resolved;
            }
            out.put(e.getKey(), v);
        }
        return changed ? ODataJson.tree(out) : body;
    }

    private Object resolveValue(Object v) {
        if (v instanceof String s) {
            Matcher m = VALUE_REFERENCE.matcher(s.trim());
            return m.matches() ? "/" + lookup(m.group(1)) : v;
        }
        if (v instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            boolean changed = false;
            for (Object o : list) {
                Object r = resolveValue(o);
                changed |= r != o;
                out.add(r);
            }
            return changed ? out : v;
        }
        return v;
    }

    private String lookup(String contentId) {
        String path = entityPathById.get(contentId);
        if (path == null) {
            throw DataverseError.badRequest("Content-ID Reference: '$" + contentId
                    + "' does not exist in the batch context.");
        }
        return path;
    }
}
