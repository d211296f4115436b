package io.dynsync.validate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import javax.net.ssl.SSLContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Plain GETs against the Web API for the setup checks: a one-shot diagnostic, so a JDK client rather than
 * the sync's routes (whose retries would only delay a clear answer).
 */
final class WebApiProbe {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Answer(int status, JsonNode body) {
    }

    private final HttpClient client;
    private final String apiRoot;

    WebApiProbe(String apiRoot, SSLContext ssl) {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(15));
        if (ssl != null) {
            builder.sslContext(ssl);
        }
        this.client = builder.build();
        this.apiRoot = apiRoot;
    }

    Answer get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(apiRoot + path)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json").header("OData-MaxVersion", "4.0").header("OData-Version", "4.0");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = client.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = null;
        try {
            body = response.body() == null || response.body().isBlank() ? null : JSON.readTree(response.body());
        } catch (IOException notJson) {
            // the status says enough
        }
        return new Answer(response.statusCode(), body);
    }

    static String error(Answer answer) {
        JsonNode error = answer.body() == null ? null : answer.body().path("error");
        return "HTTP " + answer.status() + (error != null && error.hasNonNull("message") ? " " + error.get("message").asText() : "");
    }
}
