package io.dynsync.emulator;

import java.util.Locale;
import java.util.regex.Pattern;

/** GUID parsing and the order SQL Server (so Dataverse) sorts uniqueidentifier columns in. */
final class Guids {
    private static final Pattern GUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Guids() {
    }

    /** Lower-case canonical form, or null if {@code s} is not a GUID (braces are accepted, as Dataverse does). */
    static String normalize(String s) {
        if (s == null) {
            return null;
        }
        String t = s.trim();
        if (t.length() == 38 && t.charAt(0) == '{' && t.charAt(37) == '}') {
            t = t.substring(1, 37);
        }
        return GUID.matcher(t).matches() ? t.toLowerCase(Locale.ROOT) : null;
    }

    static boolean isGuid(String s) {
        return normalize(s) != null;
    }

    /**
     * A string whose natural order is SQL Server's uniqueidentifier order: the last group first, then the
     * fourth, then the first three groups byte-swapped (they are stored little-endian). Dataverse pages by
     * primary key in this order, so a client that assumes string order of GUIDs is caught here as it would be
     * against the real service.
     */
    static String sortKey(String guid) {
        String g = guid.toLowerCase(Locale.ROOT);
        StringBuilder b = new StringBuilder(32);
        b.append(g, 24, 36).append(g, 19, 23);
        swapped(b, g, 14, 18);
        swapped(b, g, 9, 13);
        swapped(b, g, 0, 8);
        return b.toString();
    }

    private static void swapped(StringBuilder b, String g, int from, int to) {
        for (int i = to - 2; i >= from; i -= 2) {
            b.append(g, i, i + 2);
        }
    }

    /** The paging cookie's form: {UPPER-CASE}. */
    static String braced(String guid) {
        return "{" + guid.toUpperCase(Locale.ROOT) + "}";
    }
}
