package io.dynsync.dynamics;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The answers of a {@code $batch}, one per operation in request order: the embedded HTTP responses of
 * its parts, change-set answers matched to their operation by Content-ID.
 */
public final class BatchResponse {

    /** One embedded HTTP response. */
    public record Answer(int status, Map<String, String> headers, String body) {

        public boolean ok() {
            return status >= 200 && status < 300;
        }

        public String header(String name) {
            for (Map.Entry<String, String> h : headers.entrySet()) {
                if (h.getKey().equalsIgnoreCase(name)) {
                    return h.getValue();
                }
            }
            return null;
        }
    }

    private static final Pattern BOUNDARY = Pattern.compile("boundary\\s*=\\s*\"?([^\";\\s]+)\"?", Pattern.CASE_INSENSITIVE);

    private final List<Answer> answers;

    private BatchResponse(List<Answer> answers) {
        this.answers = answers;
    }

    /** The answer to the n-th operation (0-based), or null when the batch stopped before it. */
    public Answer answer(int index) {
        return index < answers.size() ? answers.get(index) : null;
    }

    public int size() {
        return answers.size();
    }

    /** Parses a batch response for a request of {@code operations} operations. */
    public static BatchResponse parse(InputStream body, String contentType, int operations) throws IOException {
        String text = new String(body.readAllBytes(), StandardCharsets.UTF_8);
        Answer[] byPosition = new Answer[operations];
        List<Answer> unnumbered = new ArrayList<>();
        collect(text, boundary(contentType), byPosition, unnumbered);
        // parts without Content-ID (reads) fill the positions left, in order
        List<Answer> answers = new ArrayList<>();
        int next = 0;
        for (int i = 0; i < operations; i++) {
            if (byPosition[i] != null) {
                answers.add(byPosition[i]);
            } else if (next < unnumbered.size()) {
                answers.add(unnumbered.get(next++));
            } else {
                break;
            }
        }
        return new BatchResponse(answers);
    }

    private static String boundary(String contentType) throws IOException {
        Matcher m = contentType == null ? null : BOUNDARY.matcher(contentType);
        if (m == null || !m.find()) {
            throw new IllegalStateException("a $batch answer without a multipart boundary (Content-Type " + contentType + ")");
        }
        return m.group(1);
    }

    private static void collect(String text, String boundary, Answer[] byPosition, List<Answer> unnumbered) throws IOException {
        for (String part : parts(text, boundary)) {
            int split = headerEnd(part);
            Map<String, String> headers = headers(split < 0 ? part : part.substring(0, split));
            String content = split < 0 ? "" : part.substring(split).replaceFirst("^(\r?\n){1,2}", "");
            String type = headers.getOrDefault("content-type", "");
            if (type.toLowerCase(Locale.ROOT).startsWith("multipart/mixed")) {
                collect(content, boundary(type), byPosition, unnumbered);
                continue;
            }
            Answer answer = http(content);
            String contentId = headers.get("content-id");
            if (contentId != null && contentId.trim().matches("\\d+")) {
                int position = Integer.parseInt(contentId.trim()) - 1;
                if (position >= 0 && position < byPosition.length) {
                    byPosition[position] = answer;
                    continue;
                }
            }
            unnumbered.add(answer);
        }
    }

    private static List<String> parts(String text, String boundary) {
        List<String> parts = new ArrayList<>();
        String delimiter = "--" + boundary;
        int at = delimiterAt(text, delimiter, 0);
        while (at >= 0) {
            int start = at + delimiter.length();
            if (text.startsWith("--", start)) {
                break;
            }
            int end = delimiterAt(text, delimiter, start);
            if (end < 0) {
                break;
            }
            parts.add(text.substring(start, end).replaceFirst("^\r?\n", "").replaceFirst("\r?\n$", ""));
            at = end;
        }
        return parts;
    }

    /** A delimiter counts only at the start of a line (RFC 2046), not inside a body. */
    private static int delimiterAt(String text, String delimiter, int from) {
        for (int at = text.indexOf(delimiter, from); at >= 0; at = text.indexOf(delimiter, at + 1)) {
            if (at == 0 || text.charAt(at - 1) == '\n') {
                return at;
            }
        }
        return -1;
    }

    private static int headerEnd(String part) {
        int crlf = part.indexOf("\r\n\r\n");
        int lf = part.indexOf("\n\n");
        if (crlf < 0) {
            return lf;
        }
        return lf < 0 ? crlf : Math.min(crlf, lf);
    }

    private static Map<String, String> headers(String block) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : block.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        return headers;
    }

    /** An embedded response: status line, headers, blank line, body. */
    private static Answer http(String message) throws IOException {
        String[] lines = message.split("\r?\n", -1);
        if (lines.length == 0 || !lines[0].startsWith("HTTP/")) {
            throw new IllegalStateException("a $batch part without an HTTP status line");
        }
        String[] status = lines[0].split(" ", 3);
        Map<String, String> headers = new LinkedHashMap<>();
        int i = 1;
        for (; i < lines.length && !lines[i].isEmpty(); i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim());
            }
        }
        StringBuilder body = new StringBuilder();
        for (i++; i < lines.length; i++) {
            body.append(lines[i]).append('\n');
        }
        return new Answer(Integer.parseInt(status[1]), headers, body.toString().trim());
    }
}
