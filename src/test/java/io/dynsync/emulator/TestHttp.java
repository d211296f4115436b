package io.dynsync.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A real HTTP client (java.net.http) against an emulator, as the sync would use it. */
final class TestHttp {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient client;
    final String api;

    /** Over HTTPS (trusting the emulator's certificate) when the emulator listens with TLS. */
    TestHttp(DataverseEmulator emulator) {
        this.api = emulator.baseUrl() + "/api/data/v9.2/";
        HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
        if (emulator.baseUrl().startsWith("https:")) {
            b.sslContext(DataverseEmulator.sslContext());
        }
        this.client = b.build();
    }

    HttpResponse<String> get(String urlOrPath, String... headers) {
        return send("GET", urlOrPath, null, headers);
    }

    HttpResponse<String> send(String method, String urlOrPath, String body, String... headers) {
        return sendTyped(method, urlOrPath, body, body == null ? null : "application/json", headers);
    }

    /** POST $batch with the builder's multipart body and Content-Type. */
    HttpResponse<String> batch(BatchBuilder batch, String... headers) {
        return sendTyped("POST", "$batch", batch.body(), batch.contentType(), headers);
    }

    /** A request whose body has the given Content-Type (null: no Content-Type header). */
    HttpResponse<String> sendTyped(String method, String urlOrPath, String body, String contentType,
                                   String... headers) {
        String url = urlOrPath.startsWith("http") ? urlOrPath : api + urlOrPath;
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        b.header("Accept", "application/json").header("OData-MaxVersion", "4.0").header("OData-Version", "4.0");
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** POST of a form (the token endpoint's encoding) to a full URL. */
    HttpResponse<String> form(String url, String... nameValuePairs) {
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < nameValuePairs.length; i += 2) {
            if (body.length() > 0) {
                body.append('&');
            }
            body.append(java.net.URLEncoder.encode(nameValuePairs[i], java.nio.charset.StandardCharsets.UTF_8))
                    .append('=')
                    .append(java.net.URLEncoder.encode(nameValuePairs[i + 1], java.nio.charset.StandardCharsets.UTF_8));
        }
        return sendTyped("POST", url, body.toString(), "application/x-www-form-urlencoded");
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An emulator with no seed data and its clock frozen at {@code at}. */
    static EmulatorOptions empty(java.time.Instant at) {
        EmulatorOptions o = EmulatorOptions.defaults().startClockAt(at);
        for (String set : o.counts().keySet()) {
            o = o.count(set, 0);
        }
        return o;
    }
}
