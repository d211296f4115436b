package io.dynsync.emulator;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is calling: the bearer-token check of {@link EmulatorOptions.AuthMode#TOKEN}, where each accepted token
 * stands for one systemuser (tokens registered by a test, and tokens the emulator's token endpoint issued), and
 * {@code NONE}, where every Web API call acts as the integration user whatever it sends.
 */
final class AccessControl {
    /**
     * The caller of a valid token whose app registration has no application user in Dataverse: answered 403
     * {@code 0x80072560} rather than 401, since a new token would not help.
     */
    static final String NOT_A_MEMBER = "not-a-member-of-the-organization";

    private final EmulatorOptions.AuthMode mode;
    private final Map<String, String> userByToken = new ConcurrentHashMap<>();
    private final TokenIssuer issuer;

    AccessControl(EmulatorOptions.AuthMode mode) {
        this(mode, null);
    }

    /** @param issuer the token endpoint's issuer, whose live tokens are accepted too; null if none */
    AccessControl(EmulatorOptions.AuthMode mode, TokenIssuer issuer) {
        this.mode = mode;
        this.issuer = issuer;
    }

    /** A token for the integration user, the application user a sync signs in as. */
    void accept(String token) {
        accept(token, BuiltInUsers.INTEGRATION_USER_ID);
    }

    void accept(String token, String systemUserId) {
        String id = Guids.normalize(systemUserId);
        if (token == null || token.isBlank() || id == null) {
            throw new IllegalArgumentException("a token and a systemuser GUID are needed, got '" + token + "' and '"
                    + systemUserId + "'");
        }
        userByToken.put(token, id);
    }

    void revoke(String token) {
        userByToken.remove(token);
    }

    boolean allows(String authorizationHeader) {
        String caller = callerFor(authorizationHeader);
        return caller != null && !caller.equals(NOT_A_MEMBER);
    }

    /**
     * The systemuser id a request acts as; {@link #NOT_A_MEMBER} for a valid token without an application user;
     * null when it must be answered 401 (no token, an unknown one, or one past its expiry).
     */
    String callerFor(String authorizationHeader) {
        if (mode == EmulatorOptions.AuthMode.NONE) {
            return BuiltInUsers.INTEGRATION_USER_ID;
        }
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorizationHeader.substring(7).trim();
        String registered = userByToken.get(token);
        if (registered != null || issuer == null) {
            return registered;
        }
        TokenIssuer.Check check = issuer.check(token);
        return switch (check.status()) {
            case VALID -> check.systemUserId();
            case NO_APPLICATION_USER -> NOT_A_MEMBER;
            case INVALID -> null;
        };
    }
}
