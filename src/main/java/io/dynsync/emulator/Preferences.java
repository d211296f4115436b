package io.dynsync.emulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The request's {@code Prefer} preferences. Clients send them comma-separated in one header or as several
 * headers; a quoted value (odata.include-annotations="a,b") may itself contain commas.
 */
final class Preferences {
    private final Map<String, String> values = new LinkedHashMap<>();

    private Preferences() {
    }

    static Preferences parse(List<String> headers) {
        Preferences p = new Preferences();
        if (headers == null) {
            return p;
        }
        for (String header : headers) {
            for (String item : splitOutsideQuotes(header)) {
                String t = item.trim();
                if (t.isEmpty()) {
                    continue;
                }
                int eq = t.indexOf('=');
                String name = (eq < 0 ? t : t.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
                String value = eq < 0 ? "" : t.substring(eq + 1).trim();
                p.values.putIfAbsent(name, value);
            }
        }
        return p;
    }

    private static List<String> splitOutsideQuotes(String s) {
        List<String> out = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == ',' && !quoted) {
                out.add(s.substring(start, i));
                start = i + 1;
            }
        }
        out.add(s.substring(start));
        return out;
    }

    boolean has(String name) {
        return values.containsKey(name);
    }

    /** The raw value as sent (quotes kept), or null. */
    String raw(String name) {
        return values.get(name);
    }

    /** odata.maxpagesize if sent and valid (capped at 5000, as Dataverse ignores larger values), else null. */
    Integer maxPageSize() {
        String v = values.get("odata.maxpagesize");
        if (v == null) {
            return null;
        }
        try {
            int n = Integer.parseInt(unquote(v));
            return n <= 0 ? null : Math.min(n, QueryEngine.MAX_PAGE);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    boolean returnRepresentation() {
        return "representation".equals(unquote(values.getOrDefault("return", "")));
    }

    boolean trackChanges() {
        return values.containsKey("odata.track-changes");
    }

    Annotations annotations() {
        String v = values.get("odata.include-annotations");
        return v == null ? Annotations.NONE : Annotations.parse(unquote(v));
    }

    static String unquote(String v) {
        String t = v.trim();
        return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t;
    }
}
