package io.dynsync.emulator;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A token-endpoint failure in Entra ID's shape: {@code {"error":"invalid_grant","error_description":"AADSTS50126:
 * … Trace ID: … Correlation ID: … Timestamp: …","error_codes":[50126],"timestamp":…,"trace_id":…,
 * "correlation_id":…,"error_uri":…}}. Clients (msal4j among them) read {@code error} and the AADSTS code, so both
 * match what Entra answers for the same mistake; the description never repeats a secret or password.
 */
final class EntraError extends RuntimeException {
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'")
            .withZone(ZoneOffset.UTC);

    final int status;
    final String error;
    final int code;

    EntraError(int status, String error, int code, String description) {
        super(description);
        this.status = status;
        this.error = error;
        this.code = code;
    }

    static EntraError invalidRequest(int code, String description) {
        return new EntraError(400, "invalid_request", code, description);
    }

    static EntraError missingParameter(String name) {
        return invalidRequest(900144, "The request body must contain the following parameter: '" + name + "'.");
    }

    static EntraError invalidClient(int code, String description) {
        return new EntraError(401, "invalid_client", code, description);
    }

    static EntraError invalidGrant(int code, String description) {
        return new EntraError(400, "invalid_grant", code, description);
    }

    /** The response body; {@code baseUrl} makes the error_uri point at this emulator. */
    Map<String, Object> body(Instant now, String traceId, String correlationId, String baseUrl) {
        String ts = TIMESTAMP.format(now);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("error", error);
        m.put("error_description", "AADSTS" + code + ": " + getMessage() + " Trace ID: " + traceId
                + " Correlation ID: " + correlationId + " Timestamp: " + ts);
        m.put("error_codes", List.of(code));
        m.put("timestamp", ts);
        m.put("trace_id", traceId);
        m.put("correlation_id", correlationId);
        m.put("error_uri", baseUrl + "/error?code=" + code);
        return m;
    }
}
