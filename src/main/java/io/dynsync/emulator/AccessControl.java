package io.dynsync.emulator;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is calling: the bearer-token check of {@link EmulatorOptions.AuthMode#TOKEN}, where each accepted token
 * stands for one systemuser, and {@code NONE}, where every Web API call acts as the integration user.
 */
final class AccessControl {
    private final EmulatorOptions.AuthMode mode;
    private final Map<String, String> userByToken = new ConcurrentHashMap<>();

    AccessControl(EmulatorOptions.AuthMode mode) {
        this.mode = mode;
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
        return callerFor(authorizationHeader) != null;
    }

    /** The systemuser id a request acts as, or null when it must be answered 401. */
    String callerFor(String authorizationHeader) {
        if (mode == EmulatorOptions.AuthMode.NONE) {
            return BuiltInUsers.INTEGRATION_USER_ID;
        }
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return userByToken.get(authorizationHeader.substring(7).trim());
    }
}
