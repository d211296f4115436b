package io.dynsync.emulator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a $batch body into {@link BatchItem}s and enforces the rules Dataverse's OData layer checks before it
 * runs anything: every part is {@code application/http} with {@code Content-Transfer-Encoding: binary} or a
 * change set; change sets do not nest and hold no GET; Content-IDs are unique within a change set; at most
 * 1000 operations per batch and per change set. A violation rejects the whole batch with a 400.
 */
final class BatchRequestReader {
    static final int MAX_OPERATIONS = 1000;

    private BatchRequestReader() {
    }

    static List<BatchItem> read(String contentType, byte[] body) {
        String boundary = MultipartReader.boundaryOf(contentType);
        if (boundary == null) {
            throw DataverseError.badRequest("The batch request must have a 'Content-Type' of 'multipart/mixed' with a "
                    + "boundary, e.g. 'multipart/mixed; boundary=batch_1'; it was '" + contentType + "'.");
        }
        List<BatchItem> items = new ArrayList<>();
        int operations = 0;
        for (MultipartReader.Part part : MultipartReader.parts(new String(body, StandardCharsets.UTF_8), boundary)) {
            String changeSetBoundary = MultipartReader.boundaryOf(part.header("Content-Type"));
            if (changeSetBoundary != null) {
                BatchItem.ChangeSet cs = changeSet(part, changeSetBoundary);
                operations += cs.operations().size();
                items.add(cs);
            } else {
                items.add(operation(part));
                operations++;
            }
            if (items.size() > MAX_OPERATIONS || operations > MAX_OPERATIONS) {
                throw DataverseError.badRequest("The current batch message contains too many parts. A maximum number "
                        + "of '" + MAX_OPERATIONS + "' query operations and change sets are allowed in a batch "
                        + "message.");
            }
        }
        return items;
    }

    private static BatchItem.ChangeSet changeSet(MultipartReader.Part part, String boundary) {
        List<BatchItem.Operation> ops = new ArrayList<>();
        Set<String> contentIds = new HashSet<>();
        for (MultipartReader.Part p : MultipartReader.parts(part.content(), boundary)) {
            if (MultipartReader.boundaryOf(p.header("Content-Type")) != null) {
                throw DataverseError.badRequest("Nested change sets in a batch payload are not supported.");
            }
            BatchItem.Operation op = operation(p);
            if (op.method().equals("GET")) {
                throw DataverseError.badRequest("An invalid HTTP method 'GET' was detected for a request in a change "
                        + "set. Requests in change sets only support the HTTP methods 'POST', 'PUT', 'DELETE', and "
                        + "'PATCH'.");
            }
            if (op.contentId() != null && !contentIds.add(op.contentId())) {
                throw DataverseError.badRequest("The content ID '" + op.contentId() + "' was found more than once in "
                        + "the same change set. Content IDs have to be unique across all operations of a change set.");
            }
            ops.add(op);
            if (ops.size() > MAX_OPERATIONS) {
                throw DataverseError.badRequest("The current change set contains too many operations. A maximum "
                        + "number of '" + MAX_OPERATIONS + "' operations are allowed in a change set.");
            }
        }
        return new BatchItem.ChangeSet(ops);
    }

    private static BatchItem.Operation operation(MultipartReader.Part part) {
        String type = part.header("Content-Type");
        if (type == null) {
            throw DataverseError.badRequest("The 'Content-Type' header is missing. The 'Content-Type' header must be "
                    + "specified for each MIME part of a batch message.");
        }
        if (!type.toLowerCase(Locale.ROOT).startsWith("application/http")) {
            throw DataverseError.badRequest("The 'Content-Type' header value '" + type + "' is invalid. When this is "
                    + "the start of the change set, the value must be 'multipart/mixed'; otherwise it must be "
                    + "'application/http'.");
        }
        String encoding = part.header("Content-Transfer-Encoding");
        if (encoding == null || !encoding.equalsIgnoreCase("binary")) {
            throw DataverseError.badRequest("A missing or invalid 'Content-Transfer-Encoding' header was found. The "
                    + "'Content-Transfer-Encoding' header must be specified for each batch operation, and its value "
                    + "must be 'binary'.");
        }
        EmbeddedHttp.Request r = EmbeddedHttp.parseRequest(part.content());
        String contentId = part.header("Content-ID");
        if (contentId == null) {
            // some clients put Content-ID among the request's own headers
            List<String> inner = ApiRequest.headerValues(r.headers(), "Content-ID");
            contentId = inner.isEmpty() ? null : inner.get(0);
        }
        return new BatchItem.Operation(contentId, r.method(), r.url(), r.headers(), r.body());
    }
}
