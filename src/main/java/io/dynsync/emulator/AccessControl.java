package io.dynsync.emulator;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The bearer-token check of {@link EmulatorOptions.AuthMode#TOKEN}; {@code NONE} accepts anything. */
final class AccessControl {
    private final EmulatorOptions.AuthMode mode;
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();

    AccessControl(EmulatorOptions.AuthMode mode) {
        this.mode = mode;
    }

    void accept(String token) {
        tokens.add(token);
    }

    void revoke(String token) {
        tokens.remove(token);
    }

    boolean allows(String authorizationHeader) {
        if (mode == EmulatorOptions.AuthMode.NONE) {
            return true;
        }
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return tokens.contains(authorizationHeader.substring(7).trim());
    }
}
