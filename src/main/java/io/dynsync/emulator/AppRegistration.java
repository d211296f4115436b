package io.dynsync.emulator;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;

/**
 * An app registration the token endpoint knows: its client id, its credentials (a secret, certificates, or
 * both) and the Dataverse application user its tokens act as.
 *
 * @param clientId          the application (client) id, as registered
 * @param secret            the client secret, or null if it has none
 * @param certificates      certificates whose keys may sign client assertions; empty if none
 * @param systemUserId      the application user's systemuser id; null with {@code automaticUser} false means
 *                          "no application user" (tokens work, the Web API answers 403 0x80072560)
 * @param automaticUser     whether the emulator finds or creates the application user (a systemuser whose
 *                          applicationid is the client id) when it starts
 */
record AppRegistration(String clientId, String secret, List<X509Certificate> certificates, String systemUserId,
                       boolean automaticUser) {

    AppRegistration {
        if (clientId == null || clientId.isBlank()) {
            throw new IllegalArgumentException("an app registration needs a client id");
        }
        certificates = List.copyOf(certificates);
        if (systemUserId != null) {
            String id = Guids.normalize(systemUserId);
            if (id == null) {
                throw new IllegalArgumentException("not a systemuser GUID: '" + systemUserId + "'");
            }
            systemUserId = id;
        }
    }

    static AppRegistration mapped(String clientId, String secret, List<X509Certificate> certificates,
                                  String systemUserId) {
        return new AppRegistration(clientId, secret, certificates, systemUserId, false);
    }

    static AppRegistration automatic(String clientId, String secret, List<X509Certificate> certificates) {
        return new AppRegistration(clientId, secret, certificates, null, true);
    }

    /** Client ids compare case-insensitively (they are GUIDs). */
    String key() {
        return key(clientId);
    }

    static String key(String clientId) {
        return clientId.trim().toLowerCase(Locale.ROOT);
    }

    AppRegistration withSystemUser(String id) {
        return new AppRegistration(clientId, secret, certificates, id, false);
    }

    @Override
    public String toString() {
        // never the secret
        return "AppRegistration{" + clientId + ", secret=" + (secret != null) + ", certificates="
                + certificates.size() + ", systemUserId=" + systemUserId + "}";
    }
}
