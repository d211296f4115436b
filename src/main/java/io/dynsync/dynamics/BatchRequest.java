package io.dynsync.dynamics;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A Web API {@code $batch} request body (multipart/mixed of embedded HTTP requests, CRLF line ends).
 * Writes go each in a change set of its own, so one record's failure neither rolls back nor blocks the
 * others (the batch is sent with {@code Prefer: odata.continue-on-error}); reads go as plain parts.
 *
 * <p>Written by hand because the format (embedded HTTP messages in multipart/mixed, Content-ID per
 * change-set part) has no small, maintained Java codec outside full OData client stacks.
 */
public final class BatchRequest {

    private static final String CRLF = "\r\n";

    private final String apiRoot;
    private final String boundary = "batch_" + UUID.randomUUID();
    private final List<BatchOperation> operations = new ArrayList<>();

    /** @param apiRoot e.g. https://contoso.crm.dynamics.com/api/data/v9.2/ */
    public BatchRequest(String apiRoot) {
        this.apiRoot = apiRoot;
    }

    /** Where the batch is posted. */
    public String url() {
        return apiRoot + "$batch";
    }

    public BatchRequest add(BatchOperation operation) {
        operations.add(operation);
        return this;
    }

    public List<BatchOperation> operations() {
        return List.copyOf(operations);
    }

    public int size() {
        return operations.size();
    }

    public boolean isEmpty() {
        return operations.isEmpty();
    }

    public String contentType() {
        return "multipart/mixed; boundary=" + boundary;
    }

    /** The body; write operations carry Content-ID = their position (1-based) in the batch. */
    public byte[] payload() {
        StringBuilder out = new StringBuilder();
        int position = 0;
        for (BatchOperation op : operations) {
            position++;
            out.append("--").append(boundary).append(CRLF);
            if ("GET".equals(op.method())) {
                part(out, op, null);
            } else {
                String changeSet = "changeset_" + UUID.randomUUID();
                out.append("Content-Type: multipart/mixed; boundary=").append(changeSet).append(CRLF).append(CRLF);
                out.append("--").append(changeSet).append(CRLF);
                part(out, op, position);
                out.append("--").append(changeSet).append("--").append(CRLF);
            }
        }
        out.append("--").append(boundary).append("--").append(CRLF);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void part(StringBuilder out, BatchOperation op, Integer contentId) {
        out.append("Content-Type: application/http").append(CRLF);
        out.append("Content-Transfer-Encoding: binary").append(CRLF);
        if (contentId != null) {
            out.append("Content-ID: ").append(contentId).append(CRLF);
        }
        out.append(CRLF);
        String url = op.url().startsWith("http") ? op.url() : apiRoot + op.url();
        out.append(op.method()).append(' ').append(url).append(" HTTP/1.1").append(CRLF);
        if (op.body() != null) {
            out.append("Content-Type: application/json; type=entry").append(CRLF);
        }
        for (Map.Entry<String, String> header : op.headers().entrySet()) {
            out.append(header.getKey()).append(": ").append(header.getValue()).append(CRLF);
        }
        out.append(CRLF);
        if (op.body() != null) {
            out.append(op.body()).append(CRLF);
        }
    }
}
