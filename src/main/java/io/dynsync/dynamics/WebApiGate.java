package io.dynsync.dynamics;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dataverse's service-protection limits count per user, across all requests: a 429 means the whole
 * client waits its {@code Retry-After}, not just the route that got it. Every Web API request passes
 * {@link #awaitClearance()}; the retry policy calls this processor before a redelivery, and a 429 there
 * closes the gate for everybody until Retry-After has passed.
 */
public class WebApiGate implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(WebApiGate.class);
    /** Never believe a Retry-After longer than this (a broken header must not stop the sync for days). */
    private static final long MAX_PAUSE_SECONDS = 600;

    private final Clock clock;
    private volatile Instant closedUntil = Instant.EPOCH;

    public WebApiGate() {
        this(Clock.systemUTC());
    }

    WebApiGate(Clock clock) {
        this.clock = clock;
    }

    /** Waits while the gate is closed. */
    public void awaitClearance() throws InterruptedException {
        for (long wait = millisToWait(); wait > 0; wait = millisToWait()) {
            Thread.sleep(wait);
        }
    }

    long millisToWait() {
        return Math.max(0, closedUntil.toEpochMilli() - clock.millis());
    }

    /** The redelivery hook: closes the gate when the failure was a 429 with Retry-After. */
    @Override
    public void process(Exchange exchange) {
        Throwable failure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof HttpOperationFailedException http && http.getStatusCode() == 429) {
                throttled(retryAfterSeconds(http.getResponseHeaders()));
                return;
            }
        }
    }

    void throttled(long retryAfterSeconds) {
        Instant until = clock.instant().plusSeconds(Math.min(MAX_PAUSE_SECONDS, Math.max(1, retryAfterSeconds)));
        synchronized (this) {
            if (until.isAfter(closedUntil)) {
                closedUntil = until;
            }
        }
        LOG.warn("Dynamics is throttling (429): every request waits {} s", retryAfterSeconds);
    }

    private static long retryAfterSeconds(Map<String, String> headers) {
        if (headers != null) {
            for (Map.Entry<String, String> header : headers.entrySet()) {
                if ("Retry-After".equalsIgnoreCase(header.getKey())) {
                    try {
                        return Long.parseLong(header.getValue().trim());
                    } catch (NumberFormatException e) {
                        return 1;
                    }
                }
            }
        }
        return 1;
    }
}
