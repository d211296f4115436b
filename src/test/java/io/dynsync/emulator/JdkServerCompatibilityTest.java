package io.dynsync.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The Web API handler depends only on the HttpExchange API, so it also runs on the JDK's HttpServer (and
 * HttpsServer, for TLS); only the Date header is then the machine's time instead of the emulator's.
 */
class JdkServerCompatibilityTest {
    @Test
    void webApiHandlerRunsOnTheJdkServer() throws Exception {
        AdjustableClock clock = new AdjustableClock(Clock.systemUTC());
        RecordStore store = new RecordStore(Schema.standard(), clock);
        new StoreData(store).create("leads", Map.of("lastname", "O'Brien"));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/api/data/", new WebApiHandler(store, clock, new AccessControl(EmulatorOptions.AuthMode.NONE),
                new FaultInjector(), new RequestLog(), () -> base));
        server.start();
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(base + "/api/data/v9.2/leads?$select=lastname&$filter=lastname%20eq%20'o''brien'"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(TestHttp.json(r).get("value").get(0).get("lastname").asText()).isEqualTo("O'Brien");
        } finally {
            server.stop(0);
        }
    }
}
