package io.dynsync.emulator;

/** Writes a $batch request body the way Dataverse's documentation shows it: CRLF, part headers, embedded requests. */
final class BatchBuilder {
    private static final String CRLF = "\r\n";
    private final String boundary;
    private final StringBuilder b = new StringBuilder();
    private String changeSet;
    private int changeSets;

    BatchBuilder(String boundary) {
        this.boundary = boundary;
    }

    String contentType() {
        return "multipart/mixed; boundary=\"" + boundary + "\"";
    }

    /** A top-level operation (URL relative to /api/data/v9.2/ unless it starts with '/', 'http' or '$'). */
    BatchBuilder op(String method, String url, String json, String... headers) {
        if (changeSet != null) {
            throw new IllegalStateException("inside a change set");
        }
        b.append("--").append(boundary).append(CRLF);
        request(null, method, url, json, headers);
        return this;
    }

    BatchBuilder get(String url) {
        return op("GET", url, null);
    }

    BatchBuilder beginChangeSet() {
        changeSet = "changeset_" + boundary + "_" + (++changeSets);
        b.append("--").append(boundary).append(CRLF)
                .append("Content-Type: multipart/mixed; boundary=").append(changeSet).append(CRLF).append(CRLF);
        return this;
    }

    BatchBuilder cs(String contentId, String method, String url, String json, String... headers) {
        b.append("--").append(changeSet).append(CRLF);
        request(contentId, method, url, json, headers);
        return this;
    }

    BatchBuilder endChangeSet() {
        b.append("--").append(changeSet).append("--").append(CRLF);
        changeSet = null;
        return this;
    }

    String body() {
        return b + "--" + boundary + "--" + CRLF;
    }

    private void request(String contentId, String method, String url, String json, String... headers) {
        b.append("Content-Type: application/http").append(CRLF).append("Content-Transfer-Encoding: binary").append(CRLF);
        if (contentId != null) {
            b.append("Content-ID: ").append(contentId).append(CRLF);
        }
        String target = url.startsWith("/") || url.startsWith("http") || url.startsWith("$") ? url
                : "/api/data/v9.2/" + url;
        b.append(CRLF).append(method).append(' ').append(target).append(" HTTP/1.1").append(CRLF);
        if (json != null) {
            b.append("Content-Type: application/json; type=entry").append(CRLF);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.append(headers[i]).append(": ").append(headers[i + 1]).append(CRLF);
        }
        b.append(CRLF);
        if (json != null) {
            b.append(json).append(CRLF);
        }
    }
}
