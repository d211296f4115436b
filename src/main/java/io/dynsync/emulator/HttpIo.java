package io.dynsync.emulator;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small HTTP helpers shared by the Web API and control handlers. */
final class HttpIo {
    static final String JSON = "application/json; odata.metadata=minimal";
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    /** Decimals stay exact (money), as BigDecimal. */
    private static final ObjectMapper BODY_MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private HttpIo() {
    }

    /** A query string's options, decoded ('+' is a space, as in Dataverse); the first occurrence wins. */
    static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String[] p : pairs(rawQuery)) {
            out.putIfAbsent(p[0], p[1]);
        }
        return out;
    }

    /** Names that occur more than once in the query. */
    static List<String> repeatedNames(String rawQuery) {
        List<String> seen = new ArrayList<>();
        List<String> repeated = new ArrayList<>();
        for (String[] p : pairs(rawQuery)) {
            if (seen.contains(p[0])) {
                repeated.add(p[0]);
            }
            seen.add(p[0]);
        }
        return repeated;
    }

    private static List<String[]> pairs(String rawQuery) {
        List<String[]> out = new ArrayList<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String part : rawQuery.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String name = decode(eq < 0 ? part : part.substring(0, eq));
            String value = eq < 0 ? "" : decode(part.substring(eq + 1));
            out.add(new String[] {name, value});
        }
        return out;
    }

    /** The raw query without the options named {@code name} (kept as sent otherwise). */
    static String withoutOption(String rawQuery, String name) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (String part : rawQuery.split("&")) {
            int eq = part.indexOf('=');
            String n = decode(eq < 0 ? part : part.substring(0, eq));
            if (part.isEmpty() || n.equals(name)) {
                continue;
            }
            if (b.length() > 0) {
                b.append('&');
            }
            b.append(part);
        }
        return b.toString();
    }

    static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw DataverseError.badRequest("The query string is not correctly URL-encoded: '" + s + "'.");
        }
    }

    /** Percent-decodes a path ('+' stays '+' in paths). */
    static String decodePath(String rawPath) {
        return decode(rawPath.replace("+", "%2B"));
    }

    static Map<String, Object> readJsonObject(byte[] body) {
        if (body.length == 0) {
            throw DataverseError.badRequest("The request body is empty; a JSON object was expected.");
        }
        try {
            return BODY_MAPPER.readValue(body, new TypeReference<LinkedHashMap<String, Object>>() {
            });
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw DataverseError.badRequest("The request body is not a valid JSON object: "
                    + e.getOriginalMessage());
        } catch (IOException e) {
            throw DataverseError.badRequest("The request body cannot be read.");
        }
    }

    static String httpDate(Instant instant) {
        return HTTP_DATE.format(instant);
    }

    static Map<String, List<String>> copyHeaders(Map<String, List<String>> headers) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        headers.forEach((k, v) -> out.put(k, List.copyOf(v)));
        return Map.copyOf(out);
    }

    /** Sends a complete response; a null or empty body answers without one. */
    static void send(HttpExchange ex, int status, Map<String, String> headers, String contentType, byte[] body)
            throws IOException {
        headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        boolean hasBody = body != null && body.length > 0 && status != 204 && status != 304;
        if (hasBody && contentType != null) {
            ex.getResponseHeaders().set("Content-Type", contentType);
        }
        ex.sendResponseHeaders(status, hasBody ? body.length : -1);
        if (hasBody) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
        ex.close();
    }
}
