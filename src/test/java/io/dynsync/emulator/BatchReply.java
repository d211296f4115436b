package io.dynsync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A $batch response read the way a client does, independently of the emulator's own multipart code: the
 * top-level items in order, each a single response or a change set's responses.
 */
final class BatchReply {
    private static final Pattern BOUNDARY = Pattern.compile("boundary=\"?([^\";]+)\"?");

    /** One embedded HTTP response. */
    record Part(Map<String, String> partHeaders, int status, String reason, Map<String, String> headers, String body) {
        String contentId() {
            return partHeaders.get("content-id");
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        JsonNode json() {
            try {
                return TestHttp.JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A top-level item: one response, or (changeSet) the responses of a committed change set. */
    record Item(boolean changeSet, List<Part> parts) {
        Part single() {
            if (changeSet || parts.size() != 1) {
                throw new AssertionError("not a single response: " + this);
            }
            return parts.get(0);
        }
    }

    final String contentType;
    final List<Item> items = new ArrayList<>();

    BatchReply(HttpResponse<String> r) {
        this.contentType = r.headers().firstValue("Content-Type").orElseThrow();
        for (String[] part : split(r.body(), boundary(contentType))) {
            Map<String, String> headers = headers(part[0]);
            String type = headers.getOrDefault("content-type", "");
            if (type.startsWith("multipart/mixed")) {
                List<Part> inner = new ArrayList<>();
                for (String[] p : split(part[1], boundary(type))) {
                    inner.add(response(headers(p[0]), p[1]));
                }
                items.add(new Item(true, inner));
            } else {
                items.add(new Item(false, List.of(response(headers, part[1]))));
            }
        }
    }

    static String boundary(String contentType) {
        Matcher m = BOUNDARY.matcher(contentType);
        if (!m.find()) {
            throw new AssertionError("no boundary in " + contentType);
        }
        return m.group(1);
    }

    /** [headers, content] of each part; asserts CRLF line ends and a close delimiter. */
    private static List<String[]> split(String body, String boundary) {
        if (body.replace("\r\n", "").contains("\n")) {
            throw new AssertionError("bare LF in multipart body");
        }
        String close = "--" + boundary + "--";
        int end = body.indexOf(close);
        if (end < 0) {
            throw new AssertionError("no close delimiter " + close);
        }
        List<String[]> out = new ArrayList<>();
        String[] chunks = body.substring(0, end).split("(?:^|\r\n)--" + Pattern.quote(boundary) + "\r\n", -1);
        for (int i = 1; i < chunks.length; i++) {
            String c = chunks[i];
            int blank = c.indexOf("\r\n\r\n");
            out.add(blank < 0 ? new String[] {c, ""} : new String[] {c.substring(0, blank), c.substring(blank + 4)});
        }
        return out;
    }

    private static Map<String, String> headers(String block) {
        Map<String, String> h = new LinkedHashMap<>();
        for (String line : block.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                h.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        return h;
    }

    private static Part response(Map<String, String> partHeaders, String message) {
        int headEnd = message.indexOf("\r\n\r\n");
        String head = headEnd < 0 ? message : message.substring(0, headEnd);
        String body = headEnd < 0 ? "" : message.substring(headEnd + 4).strip();
        String[] lines = head.split("\r\n", 2);
        String[] status = lines[0].split(" ", 3);
        if (!status[0].equals("HTTP/1.1")) {
            throw new AssertionError("not an HTTP/1.1 response: " + lines[0]);
        }
        return new Part(partHeaders, Integer.parseInt(status[1]), status.length > 2 ? status[2] : "",
                headers(lines.length > 1 ? lines[1] : ""), body);
    }
}
