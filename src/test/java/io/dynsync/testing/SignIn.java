package io.dynsync.testing;

import java.util.Map;

import io.dynsync.emulator.DataverseEmulator;
import io.dynsync.emulator.EmulatorCredentials;
import io.dynsync.emulator.EmulatorOptions;

/**
 * The sign-in settings an operator would write for the emulator's tenant: its authority, the app
 * registration or user of {@link EmulatorCredentials}, and the trust store of its test certificate.
 */
public final class SignIn {

    /** Every mode the sync supports besides {@code none}. */
    public static final String[] MODES = {"password", "client-secret", "client-certificate"};

    private SignIn() {
    }

    /** An emulator that speaks TLS and asks every Web API request for a token. */
    public static EmulatorOptions tenant(EmulatorOptions options) {
        return options.tls(true).authMode(EmulatorOptions.AuthMode.TOKEN);
    }

    /** {@link SyncRuntime#properties} plus the {@code sync.dynamics.auth.*} keys of the mode. */
    public static Map<String, String> properties(DataverseEmulator emulator, String mode) {
        Map<String, String> p = SyncRuntime.properties(emulator.baseUrl());
        p.put("sync.dynamics.trust-store", "classpath:" + EmulatorCredentials.TRUST_STORE_RESOURCE);
        p.put("sync.dynamics.trust-store-password", EmulatorCredentials.TRUST_STORE_PASSWORD);
        p.put("sync.dynamics.auth.mode", mode);
        p.put("sync.dynamics.auth.authority", emulator.baseUrl() + "/");
        p.put("sync.dynamics.auth.tenant-id", emulator.tenantId());
        p.put("sync.dynamics.auth.client-id", EmulatorCredentials.DEFAULT_CLIENT_ID);
        switch (mode) {
            case "password" -> {
                p.put("sync.dynamics.auth.username", EmulatorCredentials.DEFAULT_USERNAME);
                p.put("sync.dynamics.auth.password", EmulatorCredentials.DEFAULT_PASSWORD);
            }
            case "client-secret" -> p.put("sync.dynamics.auth.client-secret", EmulatorCredentials.DEFAULT_CLIENT_SECRET);
            case "client-certificate" -> {
                p.put("sync.dynamics.auth.certificate-path", "classpath:" + EmulatorCredentials.CLIENT_CERTIFICATE_RESOURCE);
                p.put("sync.dynamics.auth.certificate-password", EmulatorCredentials.CLIENT_CERTIFICATE_PASSWORD);
            }
            default -> throw new IllegalArgumentException(mode);
        }
        return p;
    }

    /** The OAuth grant a mode's token requests use at the token endpoint. */
    public static String grant(String mode) {
        return "password".equals(mode) ? "password" : "client_credentials";
    }
}
