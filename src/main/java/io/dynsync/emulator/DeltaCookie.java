package io.dynsync.emulator;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The $skiptoken of a delta page's nextLink:
 * {@code <cookie pagenumber="2" deltatoken="<new token>" phase="changes|deletes" last="<version>" istracking="True" />}
 * URL-encoded like a query's cookie. It pins the delta to the snapshot its first page took (the new token, whose
 * version bounds every page) and says where the previous page stopped: after which changed row (by version), or,
 * once the changed rows are done, after which tombstone. Stateless like the query cookie.
 */
record DeltaCookie(int pageNumber, DeltaToken snapshot, boolean deletes, long last) {
    private static final Pattern SHAPE = Pattern.compile("<cookie pagenumber=\"(\\d+)\" deltatoken=\"([^\"<>]*)\" "
            + "phase=\"(changes|deletes)\" last=\"(\\d+)\" istracking=\"True\" />");

    String encoded() {
        return PagingCookie.encodeOuter("<cookie pagenumber=\"" + pageNumber + "\" deltatoken=\"" + snapshot.text()
                + "\" phase=\"" + (deletes ? "deletes" : "changes") + "\" last=\"" + last + "\" istracking=\"True\" />");
    }

    static boolean looksLikeOne(String skiptoken) {
        return skiptoken != null && skiptoken.contains(" phase=\"");
    }

    /** Reads a $skiptoken after the query string's own decoding; 400 if it was altered. */
    static DeltaCookie parse(String skiptoken) {
        Matcher m = SHAPE.matcher(skiptoken);
        if (!m.matches()) {
            throw invalid();
        }
        try {
            return new DeltaCookie(Integer.parseInt(m.group(1)), DeltaToken.parse(m.group(2)),
                    m.group(3).equals("deletes"), Long.parseLong(m.group(4)));
        } catch (NumberFormatException | DataverseError e) {
            throw invalid();
        }
    }

    private static DataverseError invalid() {
        return new DataverseError(400, DataverseError.INVALID_ARGUMENT, "Invalid paging cookie: the $skiptoken is "
                + "not a delta page's cookie (was the nextLink re-encoded or decoded?).");
    }
}
