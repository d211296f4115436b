package io.dynsync.emulator;

/**
 * The conditions of a write, from If-Match / If-None-Match.
 *
 * @param mustExist    If-Match present (update only, no upsert)
 * @param mustNotExist If-None-Match: * (create only)
 * @param version      the version an If-Match etag names, or null for If-Match: *
 */
record Precondition(boolean mustExist, boolean mustNotExist, Long version) {
    static final Precondition NONE = new Precondition(false, false, null);

    /** Reads the headers' values; If-None-Match: null is what many clients send to mean "no condition". */
    static Precondition of(String ifMatch, String ifNoneMatch) {
        boolean mustExist = false;
        Long version = null;
        if (ifMatch != null && !ifMatch.isBlank()) {
            mustExist = true;
            String v = ifMatch.trim();
            if (!v.equals("*")) {
                version = parseEtag(v);
            }
        }
        boolean mustNotExist = ifNoneMatch != null && ifNoneMatch.trim().equals("*");
        return new Precondition(mustExist, mustNotExist, version);
    }

    /** W/"123" → 123; an etag that is no version of ours can match nothing, so it becomes -1. */
    static Long parseEtag(String etag) {
        String v = etag.trim();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            return -1L;
        }
    }

    static String etag(long version) {
        return "W/\"" + version + "\"";
    }
}
