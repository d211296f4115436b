package io.dynsync.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Web API under {@code /api/data/v9.x/}: authentication, injected faults, routing to the read, write and
 * function operations, Dataverse's error JSON and headers, and the request log. Uses only the
 * {@link HttpExchange} API, so it runs on any {@code com.sun.net.httpserver}-style server.
 */
final class WebApiHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(WebApiHandler.class);

    private final RecordStore store;
    private final EmulatorClock clock;
    private final AccessControl access;
    private final FaultInjector faults;
    private final RequestLog log;
    private final Supplier<String> baseUrl;
    private final ReadOperations reads;
    private final WriteOperations writes;
    private final FunctionCalls functions;

    WebApiHandler(RecordStore store, EmulatorClock clock, AccessControl access, FaultInjector faults, RequestLog log,
                  Supplier<String> baseUrl) {
        this.store = store;
        this.clock = clock;
        this.access = access;
        this.faults = faults;
        this.log = log;
        this.baseUrl = baseUrl;
        RecordRenderer renderer = new RecordRenderer(store);
        this.reads = new ReadOperations(store, new QueryEngine(store), renderer);
        this.writes = new WriteOperations(store, new PayloadReader(store), reads);
        this.functions = new FunctionCalls(store);
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        Instant at = clock.now();
        String method = ex.getRequestMethod();
        String rawPath = ex.getRequestURI().getRawPath();
        String rawQuery = ex.getRequestURI().getRawQuery();
        Map<String, List<String>> headers = HttpIo.copyHeaders(ex.getRequestHeaders());
        byte[] body = ex.getRequestBody().readAllBytes();

        ApiRequest req;
        DataverseError malformed = null;
        RecordedRequest recorded;
        ApiResponse response;
        try {
            req = ApiRequest.parse(method, rawPath, rawQuery, headers, baseUrl.get(), store.schema());
        } catch (DataverseError e) {
            req = null;
            malformed = e;
        }
        recorded = new RecordedRequest(at, method, rawPath, rawQuery, headers, 0,
                req != null && req.set() != null ? req.set().entitySet : null, pageNumber(req), 0, false);
        try {
            response = answer(req, malformed, recorded, body);
        } catch (DataverseError e) {
            response = ApiResponse.error(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            response = ApiResponse.error(new DataverseError(503, DataverseError.UNEXPECTED, "The emulator is stopping."));
        } catch (RuntimeException e) {
            LOG.error("{} {}{} failed", method, rawPath, rawQuery == null ? "" : "?" + rawQuery, e);
            response = ApiResponse.error(new DataverseError(500, DataverseError.UNEXPECTED,
                    "An unexpected error occurred: " + e));
        }
        response.header("OData-Version", "4.0");
        response.header("Date", HttpIo.httpDate(clock.now()));
        if (response.status == 401) {
            response.header("WWW-Authenticate", "Bearer authorization_uri=https://login.microsoftonline.com/common"
                    + "/oauth2/authorize, resource_id=" + baseUrl.get() + "/");
            response.body = null;
        }
        log.add(recorded.answered(response.status, response.rows, response.hasNextLink));
        HttpIo.send(ex, response.status, response.headers, response.contentType, response.body);
    }

    private ApiResponse answer(ApiRequest req, DataverseError malformed, RecordedRequest recorded, byte[] body)
            throws InterruptedException {
        if (!access.allows(recorded.header("Authorization"))) {
            return new ApiResponse(401);
        }
        faults.awaitHolds(recorded);
        DataverseError injected = faults.failureFor(recorded);
        if (injected != null) {
            throw injected;
        }
        if (malformed != null) {
            throw malformed;
        }
        return route(req, body);
    }

    private ApiResponse route(ApiRequest req, byte[] body) {
        String method = req.method();
        String segment = req.segment();
        if (req.set() == null) {
            switch (segment) {
                case "RetrieveTotalRecordCount":
                    return requireGet(req, () -> functions.retrieveTotalRecordCount(req));
                case "WhoAmI":
                    return requireGet(req, () -> functions.whoAmI(req));
                case "$batch":
                    throw DataverseError.notImplemented("$batch");
                case "$metadata":
                    throw DataverseError.notImplemented("$metadata");
                case "":
                    throw DataverseError.notImplemented("The service document");
                case "EntityDefinitions":
                case "RelationshipDefinitions":
                case "GlobalOptionSetDefinitions":
                    throw DataverseError.notImplemented("Metadata (" + segment + ")");
                case "Merge":
                    throw DataverseError.notImplemented("The Merge action");
                default:
                    throw DataverseError.segmentNotFound(segment);
            }
        }
        if (req.rest() != null) {
            if (req.key() == null && req.rest().equals("$count")) {
                return requireGet(req, () -> reads.count(req));
            }
            throw DataverseError.notImplemented("'" + req.resource() + "'");
        }
        if (req.key() == null) {
            return switch (method) {
                case "GET" -> reads.collection(req);
                case "POST" -> writes.create(req, body);
                default -> throw DataverseError.methodNotAllowed(method);
            };
        }
        return switch (method) {
            case "GET" -> reads.record(req);
            case "PATCH" -> writes.upsert(req, body);
            case "DELETE" -> writes.delete(req);
            default -> throw DataverseError.methodNotAllowed(method);
        };
    }

    private static ApiResponse requireGet(ApiRequest req, Supplier<ApiResponse> op) {
        if (!req.method().equals("GET")) {
            throw DataverseError.methodNotAllowed(req.method());
        }
        return op.get();
    }

    /** For the request log and fault predicates: which page a collection read asks for. */
    private static int pageNumber(ApiRequest req) {
        if (req == null || !req.isCollectionRead()) {
            return 0;
        }
        String token = req.query().get("$skiptoken");
        return token == null ? 1 : PagingCookie.pageNumberOf(token);
    }
}
