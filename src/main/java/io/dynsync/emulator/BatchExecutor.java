package io.dynsync.emulator;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a {@code POST $batch}: each operation goes through the {@link RequestPipeline} like a direct request
 * (same caller, faults and log), in order; change sets run inside one store transaction and are undone as a
 * whole when an operation fails. The answer is a {@code multipart/mixed} body with one part per top-level item,
 * a committed change set as a nested {@code changesetresponse_} multipart echoing each Content-ID, a failed
 * one as just the failing operation's response.
 *
 * <p>Without {@code Prefer: odata.continue-on-error} the batch stops at the first failed item and answers 400
 * with the responses so far, the failure last; with it, every item is answered, the status is 200 and
 * {@code Preference-Applied} says so.
 */
final class BatchExecutor {
    private static final String CONTINUE_ON_ERROR = "odata.continue-on-error";
    private static final Pattern ABSOLUTE = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://");

    private final RequestPipeline pipeline;
    private final RecordStore store;

    BatchExecutor(RequestPipeline pipeline, RecordStore store) {
        this.pipeline = pipeline;
        this.store = store;
    }

    /** The outcome of one change set: the answers of all its operations, or the one that failed. */
    private record ChangeSetOutcome(List<Answer> answers, Answer failure) {
    }

    private record Answer(String contentId, ApiResponse response) {
    }

    /** Unwinds a change set's transaction, carrying the failed operation's answer out of it. */
    private static final class ChangeSetFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient Answer answer;

        ChangeSetFailed(Answer answer) {
            super(null, null, false, false);
            this.answer = answer;
        }
    }

    ApiResponse execute(ApiRequest req, byte[] body) {
        List<BatchItem> items = BatchRequestReader.read(req.header("Content-Type"), body);
        boolean continueOnError = req.prefs().has(CONTINUE_ON_ERROR);
        String apiBasePath = req.rawPath().substring(0, req.rawPath().lastIndexOf('/'));
        MultipartWriter out = new MultipartWriter("batchresponse_" + UUID.randomUUID());
        boolean stopped = false;
        for (BatchItem item : items) {
            boolean failed = item instanceof BatchItem.Operation op
                    ? answerOperation(op, req, apiBasePath, out)
                    : answerChangeSet((BatchItem.ChangeSet) item, req, apiBasePath, out);
            if (failed && !continueOnError) {
                stopped = true;
                break;
            }
        }
        ApiResponse r = new ApiResponse(stopped ? 400 : 200);
        r.contentType = "multipart/mixed; boundary=" + out.boundary();
        r.body = out.finish();
        if (continueOnError) {
            r.header("Preference-Applied", CONTINUE_ON_ERROR);
        }
        return r;
    }

    /** A top-level operation and its part; true if it failed. */
    private boolean answerOperation(BatchItem.Operation op, ApiRequest batch, String apiBasePath,
                                    MultipartWriter out) {
        // outside change sets there is nothing a Content-ID could refer to
        ApiResponse r = run(op, batch, new ContentIdReferences(), RequestPipeline.Origin.BATCH, apiBasePath);
        out.part(httpPartHeaders(op.contentId()), EmbeddedHttp.response(r));
        return r.status >= 400;
    }

    /** A change set and its part: nested responses if it committed, else the failure alone; true if it failed. */
    private boolean answerChangeSet(BatchItem.ChangeSet cs, ApiRequest batch, String apiBasePath,
                                    MultipartWriter out) {
        ChangeSetOutcome outcome = runChangeSet(cs, batch, apiBasePath);
        if (outcome.failure() != null) {
            Answer failure = outcome.failure();
            out.part(httpPartHeaders(failure.contentId()), EmbeddedHttp.response(failure.response()));
            return true;
        }
        MultipartWriter nested = new MultipartWriter("changesetresponse_" + UUID.randomUUID());
        for (Answer a : outcome.answers()) {
            nested.part(httpPartHeaders(a.contentId()), EmbeddedHttp.response(a.response()));
        }
        List<String[]> headers = new ArrayList<>();
        headers.add(new String[] {"Content-Type", "multipart/mixed; boundary=" + nested.boundary()});
        out.part(headers, nested.finishNested());
        return false;
    }

    /**
     * Runs the operations in one transaction; the first failure rolls back every write of the change set
     * (and of the hooks they triggered) before anyone else can write.
     */
    private ChangeSetOutcome runChangeSet(BatchItem.ChangeSet cs, ApiRequest batch, String apiBasePath) {
        try {
            for (BatchItem.Operation op : cs.operations()) {
                // before the transaction: a held operation must not keep the write lock while it waits
                pipeline.awaitHolds(incoming(op, op.url(), op.body(), apiBasePath));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Answer> answers = new ArrayList<>();
        try {
            store.transaction(() -> {
                ContentIdReferences refs = new ContentIdReferences();
                for (BatchItem.Operation op : cs.operations()) {
                    ApiResponse r = run(op, batch, refs, RequestPipeline.Origin.CHANGE_SET, apiBasePath);
                    Answer a = new Answer(op.contentId(), r);
                    if (r.status >= 400) {
                        throw new ChangeSetFailed(a);
                    }
                    answers.add(a);
                }
                return null;
            });
            return new ChangeSetOutcome(answers, null);
        } catch (ChangeSetFailed f) {
            return new ChangeSetOutcome(List.of(), f.answer);
        }
    }

    /** One operation: resolve Content-ID references, then the pipeline, then remember what it created. */
    private ApiResponse run(BatchItem.Operation op, ApiRequest batch, ContentIdReferences refs,
                            RequestPipeline.Origin origin, String apiBasePath) {
        String url = op.url();
        byte[] body = op.body();
        DataverseError failure = null;
        try {
            url = refs.resolveUrl(url, apiBasePath);
            body = refs.resolveBody(body);
        } catch (DataverseError e) {
            failure = e;
        }
        RequestPipeline.Incoming in = incoming(op, url, body, apiBasePath);
        if (failure == null && in.rawPath().endsWith("/$batch")) {
            failure = DataverseError.badRequest("A batch request cannot contain another batch request.");
        }
        ApiResponse r = pipeline.run(in, batch.callerId(), origin, failure);
        if (op.contentId() != null && r.status < 400 && r.entityPath != null) {
            refs.define(op.contentId(), r.entityPath);
        }
        return r;
    }

    /**
     * The operation as a request: absolute URLs lose scheme and host, relative ones without a leading slash
     * are relative to the API root the batch was posted to ("leads" → "/api/data/v9.2/leads").
     */
    private static RequestPipeline.Incoming incoming(BatchItem.Operation op, String url, byte[] body,
                                                     String apiBasePath) {
        String target = url;
        Matcher absolute = ABSOLUTE.matcher(target);
        if (absolute.lookingAt()) {
            int path = target.indexOf('/', absolute.end());
            target = path < 0 ? "/" : target.substring(path);
        } else if (!target.startsWith("/")) {
            target = apiBasePath + "/" + target;
        }
        int q = target.indexOf('?');
        String rawPath = q < 0 ? target : target.substring(0, q);
        String rawQuery = q < 0 ? null : target.substring(q + 1);
        return new RequestPipeline.Incoming(op.method(), rawPath, rawQuery, op.headers(), body);
    }

    private static List<String[]> httpPartHeaders(String contentId) {
        List<String[]> h = new ArrayList<>();
        h.add(new String[] {"Content-Type", "application/http"});
        h.add(new String[] {"Content-Transfer-Encoding", "binary"});
        if (contentId != null) {
            h.add(new String[] {"Content-ID", contentId});
        }
        return h;
    }
}
