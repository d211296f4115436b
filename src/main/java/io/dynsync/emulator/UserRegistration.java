package io.dynsync.emulator;

import java.util.Locale;

/**
 * A user the password grant accepts, and the systemuser its tokens act as.
 *
 * @param systemUserId  null while {@code automaticUser} is true and the emulator has not started yet
 * @param automaticUser whether the emulator finds (by internalemailaddress) or creates the systemuser at start
 */
record UserRegistration(String username, String password, String systemUserId, boolean automaticUser) {

    UserRegistration {
        if (username == null || !username.contains("@") || password == null) {
            throw new IllegalArgumentException("a user needs a name like someone@domain and a password");
        }
    }

    static UserRegistration mapped(String username, String password, String systemUserId) {
        return new UserRegistration(username, password, systemUserId, false);
    }

    static UserRegistration automatic(String username, String password) {
        return new UserRegistration(username, password, null, true);
    }

    /** User names (UPNs) compare case-insensitively. */
    String key() {
        return key(username);
    }

    static String key(String username) {
        return username.trim().toLowerCase(Locale.ROOT);
    }

    String domain() {
        return username.substring(username.indexOf('@') + 1).toLowerCase(Locale.ROOT);
    }

    UserRegistration withSystemUser(String id) {
        return new UserRegistration(username, password, id, false);
    }

    @Override
    public String toString() {
        // never the password
        return "UserRegistration{" + username + ", systemUserId=" + systemUserId + "}";
    }
}
