package io.dynsync.emulator;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The path every Web API request takes, whether it came over HTTP or as an operation inside a $batch: parse,
 * identity, injected faults, routing, Dataverse's error JSON, and the request log. Batch operations go through
 * this same path, so they see the same faults, act as the same user and leave the same log entries (marked
 * {@link RecordedRequest#inBatch()}) as direct requests.
 */
final class RequestPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(RequestPipeline.class);

    /** A request as received: the HTTP request itself, or one operation of a batch. */
    record Incoming(String method, String rawPath, String rawQuery, Map<String, List<String>> headers, byte[] body) {
    }

    /** Where a request came from. */
    enum Origin {
        /** An HTTP request. */
        DIRECT,
        /** An operation of a batch, outside change sets. */
        BATCH,
        /**
         * An operation of a change set. Its holds were awaited before the change set took the store's write
         * lock ({@link #awaitHolds}), so a held operation never stalls every other writer.
         */
        CHANGE_SET
    }

    private final RecordStore store;
    private final EmulatorClock clock;
    private final FaultInjector faults;
    private final RequestLog log;
    private final Supplier<String> baseUrl;
    private final ApiRouter router;

    RequestPipeline(RecordStore store, EmulatorClock clock, FaultInjector faults, RequestLog log,
                    Supplier<String> baseUrl, WriteHooks hooks) {
        this(store, clock, faults, log, baseUrl, hooks, ChangeTracking.defaults(store, clock));
    }

    RequestPipeline(RecordStore store, EmulatorClock clock, FaultInjector faults, RequestLog log,
                    Supplier<String> baseUrl, WriteHooks hooks, ChangeTracking tracking) {
        this.store = store;
        this.clock = clock;
        this.faults = faults;
        this.log = log;
        this.baseUrl = baseUrl;
        this.router = new ApiRouter(store, hooks, new BatchExecutor(this, store), tracking);
    }

    ApiResponse run(Incoming in, String callerId, Origin origin) {
        return run(in, callerId, origin, null);
    }

    /**
     * Answers one request and logs it.
     *
     * @param callerId   the systemuser it acts as; null when its credentials were refused (answered 401)
     * @param preFailure an error found before the request could be formed (an unknown Content-ID reference),
     *                   answered after the faults like a malformed request; null if none
     */
    ApiResponse run(Incoming in, String callerId, Origin origin, DataverseError preFailure) {
        Instant at = clock.now();
        ApiRequest req = null;
        DataverseError malformed = preFailure;
        if (malformed == null) {
            try {
                req = ApiRequest.parse(in.method(), in.rawPath(), in.rawQuery(), in.headers(), baseUrl.get(),
                        store.schema());
            } catch (DataverseError e) {
                malformed = e;
            }
        }
        RecordedRequest recorded = describe(at, in, req, origin != Origin.DIRECT);
        // a batch takes its place in the log on arrival, so it is listed before its operations
        RequestLog.Slot slot = recorded.isBatch() ? log.reserve() : null;
        ApiResponse response;
        try {
            response = answer(req, malformed, recorded, callerId, origin, in.body());
        } catch (DataverseError e) {
            response = ApiResponse.error(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            response = ApiResponse.error(new DataverseError(503, DataverseError.UNEXPECTED,
                    "The emulator is stopping."));
        } catch (RuntimeException e) {
            LOG.error("{} {}{} failed", in.method(), in.rawPath(), in.rawQuery() == null ? "" : "?" + in.rawQuery(), e);
            response = ApiResponse.error(new DataverseError(500, DataverseError.UNEXPECTED,
                    "An unexpected error occurred: " + e));
        }
        response.header("OData-Version", "4.0");
        if (response.status == 401) {
            response.body = null;
        }
        RecordedRequest entry = recorded.answered(response.status, response.rows, response.hasNextLink);
        if (slot != null) {
            slot.fill(entry);
        } else {
            log.add(entry);
        }
        return response;
    }

    /** Parks the calling thread while a hold matches this (not yet run) batch operation. */
    void awaitHolds(Incoming in) throws InterruptedException {
        ApiRequest req;
        try {
            req = ApiRequest.parse(in.method(), in.rawPath(), in.rawQuery(), in.headers(), baseUrl.get(),
                    store.schema());
        } catch (DataverseError e) {
            req = null;
        }
        faults.awaitHolds(describe(clock.now(), in, req, true));
    }

    private ApiResponse answer(ApiRequest req, DataverseError malformed, RecordedRequest recorded, String callerId,
                               Origin origin, byte[] body) throws InterruptedException {
        if (callerId == null) {
            return new ApiResponse(401);
        }
        if (callerId.equals(AccessControl.NOT_A_MEMBER)) {
            throw new DataverseError(403, DataverseError.NOT_A_MEMBER, "The user is not a member of the organization.");
        }
        if (origin != Origin.CHANGE_SET) {
            faults.awaitHolds(recorded);
        }
        DataverseError injected = faults.failureFor(recorded);
        if (injected != null) {
            throw injected;
        }
        if (malformed != null) {
            throw malformed;
        }
        return router.route(req.withCaller(callerId), body);
    }

    private static RecordedRequest describe(Instant at, Incoming in, ApiRequest req, boolean inBatch) {
        return new RecordedRequest(at, in.method(), in.rawPath(), in.rawQuery(), in.headers(), 0,
                req != null && req.set() != null ? req.set().entitySet : null, pageNumber(req), 0, false, inBatch);
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
