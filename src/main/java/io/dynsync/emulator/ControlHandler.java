package io.dynsync.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The test-hook interface under {@code /_emulator/} (no auth), mirroring the Java API for tests and demos in
 * other processes:
 * <pre>
 * GET|POST              /_emulator/data/&lt;set&gt;          list ({"value":[…]}) | create (201 {"id":…})
 * GET|PATCH|DELETE      /_emulator/data/&lt;set&gt;(&lt;id&gt;)
 * GET                   /_emulator/data                 entity sets and counts
 * GET|POST              /_emulator/clock                {"freeze":"…Z"} | {"advanceSeconds":n} | {"resume":true}
 * GET|DELETE            /_emulator/requests
 * POST|DELETE           /_emulator/faults               {"status":429,"times":1,"retryAfterSeconds":2,
 *                                                         "method":"GET","entitySet":"leads","pageNumber":2}
 * POST                  /_emulator/tokens               {"token":"…"} or {"token":"…","systemUserId":"…"}
 *                                                        (for auth mode TOKEN; default user: the integration user)
 * POST                  /_emulator/tokens/expire        every issued access token answers 401 from now on
 * GET                   /_emulator/tokens/requests      token requests per grant type {"password":n,…}
 * POST                  /_emulator/delta-tokens/expire  every delta token answers 400 0x80044352 from now on
 * </pre>
 */
final class ControlHandler implements HttpHandler {
    private static final Pattern DATA = Pattern.compile("^/_emulator/data(?:/([^/(]+)(?:\\(([^)]*)\\))?)?/?$");

    private final StoreData data;
    private final EmulatorClock clock;
    private final RequestLog log;
    private final FaultInjector faults;
    private final AccessControl access;
    private final IdentityProvider identity;
    private final ChangeTracking tracking;

    ControlHandler(StoreData data, EmulatorClock clock, RequestLog log, FaultInjector faults, AccessControl access) {
        this(data, clock, log, faults, access, null, null);
    }

    /** @param identity and {@code tracking} may be null, which leaves out their resources */
    ControlHandler(StoreData data, EmulatorClock clock, RequestLog log, FaultInjector faults, AccessControl access,
                   IdentityProvider identity, ChangeTracking tracking) {
        this.data = data;
        this.clock = clock;
        this.log = log;
        this.faults = faults;
        this.access = access;
        this.identity = identity;
        this.tracking = tracking;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        String path = HttpIo.decodePath(ex.getRequestURI().getRawPath());
        byte[] body = ex.getRequestBody().readAllBytes();
        int status = 200;
        Object result;
        try {
            Matcher m = DATA.matcher(path);
            if (m.matches()) {
                Object[] r = data(method, m.group(1), m.group(2), body);
                status = (Integer) r[0];
                result = r[1];
            } else if (path.equals("/_emulator/clock")) {
                result = clock(method, body);
            } else if (path.equals("/_emulator/requests")) {
                result = requests(method);
                status = result == null ? 204 : 200;
            } else if (path.equals("/_emulator/faults")) {
                faults(method, body);
                result = null;
                status = 204;
            } else if (path.equals("/_emulator/tokens") && method.equals("POST")) {
                Map<String, Object> t = HttpIo.readJsonObject(body);
                if (t.get("systemUserId") == null) {
                    access.accept(String.valueOf(t.get("token")));
                } else {
                    access.accept(String.valueOf(t.get("token")), String.valueOf(t.get("systemUserId")));
                }
                result = null;
                status = 204;
            } else if (path.equals("/_emulator/tokens/expire") && method.equals("POST") && identity != null) {
                identity.issuer().expireAll();
                result = null;
                status = 204;
            } else if (path.equals("/_emulator/tokens/requests") && method.equals("GET") && identity != null) {
                result = identity.requestCounts();
            } else if (path.equals("/_emulator/delta-tokens/expire") && method.equals("POST") && tracking != null) {
                tracking.expireAll();
                result = null;
                status = 204;
            } else {
                throw new NoSuchElementException("No emulator control resource at " + path);
            }
        } catch (NoSuchElementException e) {
            status = 404;
            result = error(e.getMessage());
        } catch (IllegalArgumentException | DataverseError | ClassCastException e) {
            status = 400;
            result = error(e.getMessage());
        } catch (UnsupportedOperationException e) {
            status = 405;
            result = error(e.getMessage());
        }
        HttpIo.send(ex, status, Map.of("Date", HttpIo.httpDate(clock.now())), "application/json",
                result == null ? null : ODataJson.tree(result));
    }

    private Object[] data(String method, String set, String id, byte[] body) {
        if (set == null) {
            if (!method.equals("GET")) {
                throw new UnsupportedOperationException(method + " not allowed here");
            }
            Map<String, Object> counts = new LinkedHashMap<>();
            data.entitySets().forEach(s -> counts.put(s, data.count(s)));
            return new Object[] {200, Map.of("entitySets", counts)};
        }
        if (id == null) {
            switch (method) {
                case "GET":
                    return new Object[] {200, Map.of("value", data.list(set))};
                case "POST":
                    return new Object[] {201, Map.of("id", data.create(set, HttpIo.readJsonObject(body)))};
                default:
                    throw new UnsupportedOperationException(method + " not allowed on a set");
            }
        }
        switch (method) {
            case "GET":
                return new Object[] {200, data.get(set, id).orElseThrow(() ->
                        new NoSuchElementException(set + "(" + id + ") does not exist"))};
            case "PATCH":
                data.update(set, id, HttpIo.readJsonObject(body));
                return new Object[] {200, data.get(set, id).orElseThrow()};
            case "DELETE":
                data.delete(set, id);
                return new Object[] {204, null};
            default:
                throw new UnsupportedOperationException(method + " not allowed on a record");
        }
    }

    private Object clock(String method, byte[] body) {
        if (method.equals("POST")) {
            Map<String, Object> cmd = HttpIo.readJsonObject(body);
            if (cmd.get("freeze") != null) {
                clock.freeze(Instant.parse(String.valueOf(cmd.get("freeze"))));
            } else if (cmd.get("advanceSeconds") != null) {
                clock.advance(Duration.ofSeconds(((Number) cmd.get("advanceSeconds")).longValue()));
            } else if (Boolean.TRUE.equals(cmd.get("resume"))) {
                clock.resume();
            } else {
                throw new IllegalArgumentException("expected {\"freeze\":\"…Z\"}, {\"advanceSeconds\":n} or "
                        + "{\"resume\":true}");
            }
        } else if (!method.equals("GET")) {
            throw new UnsupportedOperationException(method + " not allowed on the clock");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("now", Values.formatDateTime(clock.now()));
        out.put("frozen", clock.isFrozen());
        return out;
    }

    private Object requests(String method) {
        if (method.equals("DELETE")) {
            log.clear();
            return null;
        }
        if (!method.equals("GET")) {
            throw new UnsupportedOperationException(method + " not allowed on the request log");
        }
        List<Object> out = new ArrayList<>();
        for (RecordedRequest r : log.snapshot()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", Values.formatDateTime(r.at()));
            m.put("method", r.method());
            m.put("path", r.path());
            m.put("rawQuery", r.rawQuery());
            m.put("status", r.status());
            m.put("entitySet", r.entitySet());
            m.put("pageNumber", r.pageNumber());
            m.put("rows", r.rows());
            m.put("hasNextLink", r.hasNextLink());
            m.put("inBatch", r.inBatch());
            m.put("headers", r.headers());
            out.add(m);
        }
        return Map.of("value", out);
    }

    private void faults(String method, byte[] body) {
        if (method.equals("DELETE")) {
            faults.clear();
            return;
        }
        if (!method.equals("POST")) {
            throw new UnsupportedOperationException(method + " not allowed on faults");
        }
        Map<String, Object> f = HttpIo.readJsonObject(body);
        Predicate<RecordedRequest> match = r -> true;
        if (f.get("method") != null) {
            String m = String.valueOf(f.get("method"));
            match = match.and(r -> r.method().equalsIgnoreCase(m));
        }
        if (f.get("entitySet") != null) {
            String s = String.valueOf(f.get("entitySet"));
            match = match.and(r -> s.equals(r.entitySet()));
        }
        if (f.get("pageNumber") != null) {
            int p = ((Number) f.get("pageNumber")).intValue();
            match = match.and(r -> r.pageNumber() == p);
        }
        int status = ((Number) f.getOrDefault("status", 429)).intValue();
        int times = ((Number) f.getOrDefault("times", 1)).intValue();
        int retryAfter = ((Number) f.getOrDefault("retryAfterSeconds", 1)).intValue();
        faults.fail(match, status, times, retryAfter);
    }

    private static Map<String, Object> error(String message) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("code", "emulator");
        e.put("message", String.valueOf(message));
        return Map.of("error", e);
    }
}
