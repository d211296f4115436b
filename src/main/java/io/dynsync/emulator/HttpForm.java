package io.dynsync.emulator;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** application/x-www-form-urlencoded bodies, as the token endpoint receives them. */
final class HttpForm {
    private HttpForm() {
    }

    /** The fields, decoded ('+' is a space); the first occurrence of a name wins. A malformed body is refused. */
    static Map<String, String> parse(byte[] body) {
        Map<String, String> out = new LinkedHashMap<>();
        String text = new String(body, StandardCharsets.UTF_8);
        for (String part : text.split("&")) {
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? part : part.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8);
                out.putIfAbsent(name, value);
            } catch (IllegalArgumentException e) {
                throw EntraError.invalidRequest(900144, "The request body is not correctly form-URL-encoded.");
            }
        }
        return out;
    }
}
