package io.dynsync.dynamics;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/**
 * Puts the configured credentials on each Web API request ({@code sync.dynamics.auth.mode}): a bearer
 * token from msal4j, or nothing in mode {@code none} (the local emulator). As a processor it is the retry
 * policy's hook for a 401: the token is renewed before the request is sent once more.
 */
public class DynamicsAuth implements Processor {

    private final AuthSettings settings;
    private MsalTokens tokens;

    public DynamicsAuth(AuthSettings settings) {
        settings.check();
        this.settings = settings;
    }

    private synchronized MsalTokens tokens() {
        if (tokens == null && !"none".equals(settings.mode())) {
            tokens = new MsalTokens(settings);
        }
        return tokens;
    }

    public AuthSettings settings() {
        return settings;
    }

    /** Sets the Authorization header of the outgoing request (nothing in mode none). */
    public void authorize(Exchange exchange) {
        MsalTokens source = tokens();
        if (source != null) {
            exchange.getIn().setHeader("Authorization", "Bearer " + source.token(false));
        }
    }

    /** A token now (renewed if asked), for the validate checks; null in mode none. */
    public String token(boolean renew) {
        MsalTokens source = tokens();
        return source == null ? null : source.token(renew);
    }

    /** How many tokens were acquired since start. */
    public long tokensAcquired() {
        MsalTokens source = tokens();
        return source == null ? 0 : source.acquired();
    }

    /** The redelivery hook: after a 401, the next attempt signs in again. */
    @Override
    public void process(Exchange exchange) {
        Throwable failure = exchange.getException() != null ? exchange.getException()
                : exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof org.apache.camel.http.base.HttpOperationFailedException http && http.getStatusCode() == 401) {
                MsalTokens source = tokens();
                if (source != null) {
                    source.forget();
                    source.token(true);
                }
                return;
            }
        }
    }
}
