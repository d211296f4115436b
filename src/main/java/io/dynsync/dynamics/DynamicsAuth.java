package io.dynsync.dynamics;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the configured credentials on each Web API request ({@code sync.dynamics.auth.mode}): a bearer
 * token from msal4j, or nothing in mode {@code none} (the local emulator). After a 401 it renews the token
 * once ({@link #renewOnce}).
 */
public class DynamicsAuth {

    private static final Logger LOG = LoggerFactory.getLogger(DynamicsAuth.class);
    private static final String RENEWED = "syncTokenRenewed";

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

    /**
     * The 401 policy's {@code retryWhile}: the first 401 of a call renews the token (unless another route
     * already did since this request was signed) and sends the request once more; a second 401 in a row
     * gives up. Camel counts redeliveries across policies, so a count would not do after a 429 or 5xx retry.
     */
    public boolean renewOnce(Exchange exchange) {
        if (Boolean.TRUE.equals(exchange.getProperty(RENEWED))) {
            return false;
        }
        exchange.setProperty(RENEWED, true);
        MsalTokens source = tokens();
        if (source == null) {
            return false; // mode none: a new token cannot help
        }
        String sent = exchange.getIn().getHeader("Authorization", String.class);
        try {
            source.renewIfCurrent(sent == null ? null : sent.replaceFirst("^Bearer ", ""));
            return true;
        } catch (RuntimeException e) {
            LOG.error("Dynamics refused the token and signing in again failed: {}", e.getMessage());
            return false;
        }
    }

    /** A call that succeeded: a later 401 in the same run may renew again. */
    public void callSucceeded(Exchange exchange) {
        exchange.removeProperty(RENEWED);
    }
}
