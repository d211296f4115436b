package io.dynsync.dynamics;

import java.util.Locale;

/**
 * The {@code sync.dynamics.auth.*} settings (set as bean properties from the configuration). Secrets are
 * held here and handed to msal4j; {@link #toString()} never shows them.
 */
public class AuthSettings {

    private String mode = "none";
    private String dynamicsUrl;
    private String authority = "https://login.microsoftonline.com/";
    private String tenantId;
    private String clientId;
    private String clientSecret;
    private String certificatePath;
    private String certificatePassword;
    private String username;
    private String password;
    private String trustStore;
    private String trustStorePassword;

    public String mode() {
        return mode;
    }

    public void setMode(String mode) {
        this.mode = mode == null ? "" : mode.trim().toLowerCase(Locale.ROOT);
    }

    public String dynamicsUrl() {
        return dynamicsUrl;
    }

    public void setDynamicsUrl(String dynamicsUrl) {
        this.dynamicsUrl = blankToNull(dynamicsUrl);
    }

    public String authority() {
        return authority;
    }

    public void setAuthority(String authority) {
        String a = blankToNull(authority);
        this.authority = a == null ? "https://login.microsoftonline.com/" : a.endsWith("/") ? a : a + "/";
    }

    public String tenantId() {
        return tenantId;
    }

    public void setTenantId(String tenantId) {
        this.tenantId = blankToNull(tenantId);
    }

    public String clientId() {
        return clientId;
    }

    public void setClientId(String clientId) {
        this.clientId = blankToNull(clientId);
    }

    String clientSecret() {
        return clientSecret;
    }

    public void setClientSecret(String clientSecret) {
        this.clientSecret = blankToNull(clientSecret);
    }

    public String certificatePath() {
        return certificatePath;
    }

    public void setCertificatePath(String certificatePath) {
        this.certificatePath = blankToNull(certificatePath);
    }

    String certificatePassword() {
        return certificatePassword;
    }

    public void setCertificatePassword(String certificatePassword) {
        this.certificatePassword = blankToNull(certificatePassword);
    }

    public String username() {
        return username;
    }

    public void setUsername(String username) {
        this.username = blankToNull(username);
    }

    String password() {
        return password;
    }

    public void setPassword(String password) {
        this.password = blankToNull(password);
    }

    public String trustStore() {
        return trustStore;
    }

    public void setTrustStore(String trustStore) {
        this.trustStore = blankToNull(trustStore);
    }

    String trustStorePassword() {
        return trustStorePassword;
    }

    public void setTrustStorePassword(String trustStorePassword) {
        this.trustStorePassword = blankToNull(trustStorePassword);
    }

    /** The TLS context of calls to Dynamics and Entra ID; null for the JVM's default trust. */
    public javax.net.ssl.SSLContext sslContext() {
        return TrustStores.sslContext(trustStore, trustStorePassword);
    }

    /** The authority msal4j signs in with: the configured authority plus the tenant. */
    public String tenantAuthority() {
        return authority + tenantId + "/";
    }

    /** The scope of a Dataverse token: the organization URL's default scope. */
    public String scope() {
        String url = dynamicsUrl.endsWith("/") ? dynamicsUrl.substring(0, dynamicsUrl.length() - 1) : dynamicsUrl;
        return url + "/.default";
    }

    /** Fails with the key at fault when a setting the mode needs is missing. */
    public void check() {
        switch (mode) {
            case "none":
                return;
            case "client-secret":
                require(tenantId, "tenant-id");
                require(clientId, "client-id");
                require(clientSecret, "client-secret");
                break;
            case "client-certificate":
                require(tenantId, "tenant-id");
                require(clientId, "client-id");
                require(certificatePath, "certificate-path");
                break;
            case "password":
                require(tenantId, "tenant-id");
                require(clientId, "client-id");
                require(username, "username");
                require(password, "password");
                break;
            default:
                throw new IllegalArgumentException("sync.dynamics.auth.mode must be one of client-secret, client-certificate, "
                        + "password, none (was '" + mode + "')");
        }
        require(dynamicsUrl, "sync.dynamics.url");
    }

    private static void require(String value, String key) {
        if (value == null) {
            String full = key.startsWith("sync.") ? key : "sync.dynamics.auth." + key;
            throw new IllegalArgumentException(full + " is required for this sync.dynamics.auth.mode");
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    @Override
    public String toString() {
        return "AuthSettings[mode=" + mode + ", authority=" + authority + ", tenant=" + tenantId + ", client=" + clientId
                + ", username=" + username + ", secrets hidden]";
    }
}
