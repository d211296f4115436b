package io.dynsync.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The Web API under {@code /api/data/v9.x/} over HTTP: who is calling, then the {@link RequestPipeline}, then
 * the transport headers (Date, the 401 challenge). Uses only the {@link HttpExchange} API, so it runs on any
 * {@code com.sun.net.httpserver}-style server.
 */
final class WebApiHandler implements HttpHandler {
    private final EmulatorClock clock;
    private final AccessControl access;
    private final Supplier<String> baseUrl;
    private final Supplier<String> authority;
    private final RequestPipeline pipeline;

    WebApiHandler(RecordStore store, EmulatorClock clock, AccessControl access, FaultInjector faults, RequestLog log,
                  Supplier<String> baseUrl) {
        this(store, clock, access, faults, log, baseUrl, new WriteHooks());
    }

    WebApiHandler(RecordStore store, EmulatorClock clock, AccessControl access, FaultInjector faults, RequestLog log,
                  Supplier<String> baseUrl, WriteHooks hooks) {
        this(store, clock, access, faults, log, baseUrl, hooks, ChangeTracking.defaults(store, clock),
                () -> "https://login.microsoftonline.com/common/");
    }

    /** @param authority the authority URL (ending in "/") the 401 challenge points clients to */
    WebApiHandler(RecordStore store, EmulatorClock clock, AccessControl access, FaultInjector faults, RequestLog log,
                  Supplier<String> baseUrl, WriteHooks hooks, ChangeTracking tracking, Supplier<String> authority) {
        this.clock = clock;
        this.access = access;
        this.baseUrl = baseUrl;
        this.authority = authority;
        this.pipeline = new RequestPipeline(store, clock, faults, log, baseUrl, hooks, tracking);
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        Map<String, List<String>> headers = HttpIo.copyHeaders(ex.getRequestHeaders());
        RequestPipeline.Incoming in = new RequestPipeline.Incoming(ex.getRequestMethod(),
                ex.getRequestURI().getRawPath(), ex.getRequestURI().getRawQuery(), headers,
                ex.getRequestBody().readAllBytes());
        String caller = access.callerFor(ApiRequest.headerValues(headers, "Authorization").stream().findFirst()
                .orElse(null));
        ApiResponse response = pipeline.run(in, caller, RequestPipeline.Origin.DIRECT);
        response.header("Date", HttpIo.httpDate(clock.now()));
        if (response.status == 401) {
            response.header("WWW-Authenticate", "Bearer authorization_uri=" + authority.get()
                    + "oauth2/authorize, resource_id=" + baseUrl.get() + "/");
        }
        HttpIo.send(ex, response.status, response.headers, response.contentType, response.body);
    }
}
