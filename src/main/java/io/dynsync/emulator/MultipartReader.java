package io.dynsync.emulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a {@code multipart/mixed} body (RFC 2046) into its parts: text before the first delimiter is ignored,
 * the line break before a delimiter belongs to the delimiter, and the close delimiter must be there. Lines
 * may end in CRLF, as the standard and Dataverse expect, or in a bare LF, which hand-written batches often
 * use; parts come back with CRLF line ends either way.
 */
final class MultipartReader {
    private static final Pattern MULTIPART_MIXED = Pattern.compile("(?i)^\\s*multipart/mixed\\s*(;.*)?$");
    private static final Pattern BOUNDARY = Pattern.compile("(?i);\\s*boundary\\s*=\\s*(?:\"([^\"]+)\"|([^;\\s]+))");

    /**
     * One body part.
     *
     * @param headers the part's MIME headers, names lower-cased
     * @param content everything after the blank line that ends the headers
     */
    record Part(Map<String, String> headers, String content) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private MultipartReader() {
    }

    /** The boundary of a {@code multipart/mixed; boundary=…} (quoted or not), or null for any other type. */
    static String boundaryOf(String contentType) {
        if (contentType == null || !MULTIPART_MIXED.matcher(contentType).matches()) {
            return null;
        }
        Matcher m = BOUNDARY.matcher(contentType);
        if (!m.find()) {
            return null;
        }
        return m.group(1) != null ? m.group(1) : m.group(2);
    }

    static List<Part> parts(String body, String boundary) {
        String delimiter = "--" + boundary;
        String close = delimiter + "--";
        List<Part> parts = new ArrayList<>();
        List<String> current = null;
        boolean closed = false;
        for (String rawLine : body.split("\n", -1)) {
            String line = rawLine.endsWith("\r") ? rawLine.substring(0, rawLine.length() - 1) : rawLine;
            String bare = line.stripTrailing(); // transport padding after a delimiter is allowed
            if (bare.equals(delimiter) || bare.equals(close)) {
                if (current != null) {
                    parts.add(part(current));
                }
                if (bare.equals(close)) {
                    closed = true;
                    break;
                }
                current = new ArrayList<>();
            } else if (current != null) {
                current.add(line);
            }
        }
        if (!closed) {
            throw DataverseError.badRequest("Encountered an unexpected end of input while reading the batch payload: "
                    + "the closing delimiter '" + close + "' is missing.");
        }
        return parts;
    }

    private static Part part(List<String> lines) {
        Map<String, String> headers = new LinkedHashMap<>();
        int i = 0;
        for (; i < lines.size() && !lines.get(i).isEmpty(); i++) {
            String h = lines.get(i);
            int colon = h.indexOf(':');
            if (colon <= 0) {
                throw DataverseError.badRequest("The message header '" + h + "' is invalid. The header value must be "
                        + "of the format '<header name>: <header value>'.");
            }
            String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            if (headers.put(name, h.substring(colon + 1).trim()) != null) {
                throw DataverseError.badRequest("The header '" + h.substring(0, colon).trim() + "' was specified "
                        + "multiple times. Each header must appear only once in a batch part.");
            }
        }
        List<String> content = i < lines.size() ? lines.subList(i + 1, lines.size()) : List.of();
        return new Part(headers, String.join("\r\n", content));
    }
}
