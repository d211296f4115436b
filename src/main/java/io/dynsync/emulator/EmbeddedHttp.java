package io.dynsync.emulator;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP messages inside {@code application/http} batch parts: requests read from a batch, responses written
 * into the batch response as Dataverse does ({@code HTTP/1.1 204 No Content}, {@code OData-Version},
 * {@code Location} next to {@code OData-EntityId}, the body's Content-Type).
 */
final class EmbeddedHttp {
    /** A request line, its headers (names as sent) and body. */
    record Request(String method, String url, Map<String, List<String>> headers, byte[] body) {
    }

    private EmbeddedHttp() {
    }

    /** Parses "METHOD URL HTTP/1.1", headers, a blank line and the body; blank lines before the request are skipped. */
    static Request parseRequest(String message) {
        String[] lines = message.split("\r\n", -1);
        int i = 0;
        while (i < lines.length && lines[i].isBlank()) {
            i++;
        }
        String requestLine = i < lines.length ? lines[i].trim() : "";
        int firstSpace = requestLine.indexOf(' ');
        int lastSpace = requestLine.lastIndexOf(' ');
        if (firstSpace <= 0 || lastSpace <= firstSpace) {
            throw DataverseError.badRequest("The request line '" + requestLine + "' is invalid. The request line at "
                    + "the start of each operation must be of the format 'HttpMethod RequestUrl HttpVersion'.");
        }
        String version = requestLine.substring(lastSpace + 1);
        if (!version.equals("HTTP/1.1")) {
            throw DataverseError.badRequest("The HTTP version '" + version + "' used in a batch operation request or "
                    + "response is not valid. The value must be 'HTTP/1.1'.");
        }
        String method = requestLine.substring(0, firstSpace);
        String url = requestLine.substring(firstSpace + 1, lastSpace).trim();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (i++; i < lines.length && !lines[i].isEmpty(); i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                throw DataverseError.badRequest("The message header '" + lines[i] + "' is invalid. The header value "
                        + "must be of the format '<header name>: <header value>'.");
            }
            headers.computeIfAbsent(lines[i].substring(0, colon).trim(), k -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).trim());
        }
        StringBuilder body = new StringBuilder();
        for (i++; i < lines.length; i++) {
            if (body.length() > 0) {
                body.append("\r\n");
            }
            body.append(lines[i]);
        }
        // the blank lines clients leave before the next delimiter are not part of a JSON body
        byte[] bytes = body.toString().strip().getBytes(StandardCharsets.UTF_8);
        Map<String, List<String>> frozen = new LinkedHashMap<>();
        headers.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        return new Request(method, url, Map.copyOf(frozen), bytes);
    }

    /** "HTTP/1.1 status reason", OData-Version, Location (with OData-EntityId), the other headers, the body. */
    static byte[] response(ApiResponse r) {
        StringBuilder head = new StringBuilder();
        head.append("HTTP/1.1 ").append(r.status).append(' ').append(MiniHttpServer.reason(r.status)).append("\r\n");
        boolean hasBody = r.body != null && r.body.length > 0 && r.status != 204 && r.status != 304;
        if (hasBody && r.contentType != null) {
            head.append("Content-Type: ").append(r.contentType).append("\r\n");
        }
        head.append("OData-Version: 4.0\r\n");
        String entityId = r.headers.get("OData-EntityId");
        if (entityId != null) {
            head.append("Location: ").append(entityId).append("\r\n");
        }
        r.headers.forEach((name, value) -> {
            if (!name.equalsIgnoreCase("OData-Version")) {
                head.append(name).append(": ").append(value).append("\r\n");
            }
        });
        head.append("\r\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
        if (hasBody) {
            out.writeBytes(r.body);
        }
        return out.toByteArray();
    }
}
