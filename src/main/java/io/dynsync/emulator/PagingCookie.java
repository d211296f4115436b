package io.dynsync.emulator;

import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The $skiptoken of a nextLink, shaped like Dataverse's:
 * {@code <cookie pagenumber="2" pagingcookie="…" istracking="False" />} URL-encoded, whose pagingcookie is
 * {@code <cookie page="1"><modifiedon last="…" first="…" /><leadid last="{GUID}" first="{GUID}" /></cookie>}
 * URL-encoded twice. Reproducing the double encoding catches clients that re-encode or decode a nextLink.
 *
 * <p>The cookie carries the last row's value of every sort key, so paging is keyset-based and stateless: a
 * nextLink works minutes later or after a client restart, against the data as it is then.
 *
 * <p>The pages of a change-tracking load ({@code Prefer: odata.track-changes}) say {@code istracking="True"} and
 * carry the delta token taken when the load began, so the deltaLink on the last page covers every change made
 * while the client paged, even if the client does not repeat the Prefer header on the nextLinks.
 */
final class PagingCookie {
    /**
     * A decoded cookie: the page it asks for, the last row's sort values (null = SQL null), and for a
     * change-tracking load the delta token its last page will hand out (else null).
     */
    record Position(int pageNumber, List<Object> lastValues, DeltaToken tracking) {
    }

    private static final Pattern OUTER = Pattern.compile(
            "<cookie pagenumber=\"(\\d+)\" pagingcookie=\"([^\"<>\\s]*)\" istracking=\"(True|False)\""
            + "(?: deltatoken=\"([^\"<>]*)\")? />");
    private static final Pattern PAGE_NUMBER = Pattern.compile("^<cookie pagenumber=\"(\\d+)\"");
    private static final Pattern INNER = Pattern.compile("<cookie page=\"(\\d+)\">((?:<[^<>]+ />)*)</cookie>");
    private static final Pattern ELEMENT = Pattern.compile("<(\\w+)((?: \\w+=\"[^\"]*\")*) />");
    private static final Pattern ATTRIBUTE = Pattern.compile(" (\\w+)=\"([^\"]*)\"");

    private PagingCookie() {
    }

    /** The $skiptoken value exactly as it goes into the nextLink (already URL-encoded). */
    static String encode(int nextPage, OrderBy order, Row first, Row last) {
        return encode(nextPage, order, first, last, null);
    }

    /** @param tracking the delta token of a change-tracking load, or null for a plain query */
    static String encode(int nextPage, OrderBy order, Row first, Row last, DeltaToken tracking) {
        StringBuilder inner = new StringBuilder("<cookie page=\"").append(nextPage - 1).append("\">");
        for (OrderBy.Key k : order.keys) {
            AttributeDef a = k.attr();
            inner.append('<').append(a.webName());
            appendValue(inner, "last", a, last.get(a));
            appendValue(inner, "first", a, first.get(a));
            inner.append(" />");
        }
        inner.append("</cookie>");
        String outer = "<cookie pagenumber=\"" + nextPage + "\" pagingcookie=\"" + encodeComponent(inner.toString())
                + "\" istracking=\"" + (tracking == null ? "False\"" : "True\" deltatoken=\"" + tracking.text() + "\"")
                + " />";
        return encodeOuter(outer);
    }

    /**
     * Reads a $skiptoken after the query string's own decoding; fails with a Dataverse 400 when the token was
     * altered (re-encoded, decoded once too often, truncated) or belongs to another sort order.
     */
    static Position decode(String skiptoken, OrderBy order) {
        Matcher outer = OUTER.matcher(skiptoken);
        if (!outer.matches()) {
            throw invalid("the $skiptoken is not a paging cookie (was the nextLink re-encoded or decoded?)");
        }
        int pageNumber = Integer.parseInt(outer.group(1));
        String innerXml;
        try {
            innerXml = URLDecoder.decode(outer.group(2).replace("+", "%2b"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid("the pagingcookie is not URL-encoded");
        }
        Matcher inner = INNER.matcher(innerXml);
        if (!inner.matches() || Integer.parseInt(inner.group(1)) != pageNumber - 1 || pageNumber < 2) {
            throw invalid("the pagingcookie is malformed");
        }
        Matcher el = ELEMENT.matcher(inner.group(2));
        List<Object> values = new ArrayList<>();
        int i = 0;
        while (el.find()) {
            if (i >= order.keys.size() || !el.group(1).equals(order.keys.get(i).attr().webName())) {
                throw invalid("the pagingcookie does not belong to this query's $orderby");
            }
            AttributeDef a = order.keys.get(i).attr();
            String last = null;
            Matcher at = ATTRIBUTE.matcher(el.group(2));
            while (at.find()) {
                if (at.group(1).equals("last")) {
                    last = unescapeXml(at.group(2));
                }
            }
            try {
                values.add(last == null ? null : Values.fromCookieText(a.type(), last));
            } catch (RuntimeException e) {
                throw invalid("the pagingcookie holds a malformed value for " + a.webName());
            }
            i++;
        }
        if (i != order.keys.size()) {
            throw invalid("the pagingcookie does not belong to this query's $orderby");
        }
        DeltaToken tracking = null;
        if (outer.group(4) != null) {
            if (!outer.group(3).equals("True")) {
                throw invalid("the pagingcookie is malformed");
            }
            try {
                tracking = DeltaToken.parse(outer.group(4));
            } catch (DataverseError e) {
                throw invalid("the pagingcookie's delta token is malformed");
            }
        }
        return new Position(pageNumber, values, tracking);
    }

    /**
     * The page number a $skiptoken asks for (a query's or a delta's, see {@link DeltaCookie}), or 0 if it cannot
     * be read (used only for the request log).
     */
    static int pageNumberOf(String skiptoken) {
        Matcher m = PAGE_NUMBER.matcher(skiptoken);
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static void appendValue(StringBuilder b, String name, AttributeDef a, Object v) {
        if (v != null) {
            b.append(' ').append(name).append("=\"").append(escapeXml(Values.toCookieText(a.type(), v))).append('"');
        }
    }

    private static DataverseError invalid(String why) {
        return new DataverseError(400, "0x80040203", "Invalid paging cookie: " + why + ".");
    }

    /** .NET HttpUtility.UrlEncode style (lower-case hex) but with %20 for spaces, as Dataverse's cookies show. */
    static String encodeComponent(String s) {
        return percentEncode(s, "-_.!*()", false);
    }

    /** The outer layer leaves = and / alone and uses upper-case hex, like the nextLinks Dataverse returns. */
    static String encodeOuter(String s) {
        return percentEncode(s, "-_.!*()=/:,;@$'~", true);
    }

    private static String percentEncode(String s, String safe, boolean upper) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length * 2);
        String hex = upper ? "0123456789ABCDEF" : "0123456789abcdef";
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || (c < 128 && safe.indexOf(c) >= 0)) {
                out.write(c);
            } else {
                out.write('%');
                out.write(hex.charAt(c >> 4));
                out.write(hex.charAt(c & 15));
            }
        }
        return out.toString(StandardCharsets.US_ASCII);
    }

    private static String escapeXml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&apos;");
    }

    private static String unescapeXml(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'")
                .replace("&amp;", "&");
    }
}
