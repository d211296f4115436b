package io.dynsync.dynamics;

import java.util.Map;

/**
 * One request inside a Web API {@code $batch}.
 *
 * @param method  GET, POST, PATCH or DELETE
 * @param url     relative to the API root (e.g. {@code leads(<id>)?$select=modifiedon}) or absolute
 * @param headers extra headers (If-Match, Prefer…)
 * @param body    JSON body, or null
 */
public record BatchOperation(String method, String url, Map<String, String> headers, String body) {

    public static BatchOperation get(String url) {
        return new BatchOperation("GET", url, Map.of(), null);
    }
}
