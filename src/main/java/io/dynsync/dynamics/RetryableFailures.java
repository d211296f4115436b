package io.dynsync.dynamics;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import org.apache.camel.http.base.HttpOperationFailedException;

/**
 * Which Web API failures are worth retrying with backoff: throttling (429), server errors (5xx) and
 * cut or timed-out connections. Anything else (400, 403, 404…) will fail the same way again.
 */
public class RetryableFailures {

    /** A 401: the token expired or was revoked (one new sign-in and one more try). */
    public boolean isUnauthorized(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpOperationFailedException http) {
                return http.getStatusCode() == 401;
            }
        }
        return false;
    }

    public boolean isRetryable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpOperationFailedException http) {
                return http.getStatusCode() == 429 || http.getStatusCode() >= 500;
            }
            if (t instanceof JsonProcessingException) {
                return false; // a body that does not parse will not parse on a second read either
            }
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }
}
