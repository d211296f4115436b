package io.dynsync.dynamics;

import java.util.Locale;

import org.apache.camel.Exchange;

/**
 * Puts the caller's credentials on each Web API request, as {@code sync.dynamics.auth.mode} says.
 * Mode {@code none} sends no Authorization header (the local emulator's default).
 */
public class DynamicsAuth {

    private final String mode;

    public DynamicsAuth(String mode) {
        String m = mode == null ? "" : mode.trim().toLowerCase(Locale.ROOT);
        switch (m) {
            case "none":
                break;
            case "client-secret", "client-certificate", "password":
                throw new IllegalArgumentException("sync.dynamics.auth.mode=" + m
                        + " is not available in this version yet; use none against the emulator");
            default:
                throw new IllegalArgumentException("sync.dynamics.auth.mode must be one of client-secret, "
                        + "client-certificate, password, none (was '" + mode + "')");
        }
        this.mode = m;
    }

    /** Sets the Authorization header of the outgoing request (nothing in mode none). */
    public void authorize(Exchange exchange) {
        if (!"none".equals(mode)) {
            throw new IllegalStateException("unsupported auth mode " + mode);
        }
    }
}
