package io.dynsync.emulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The Entra ID side of the emulator: app registrations and users, and the grants of
 * {@code POST /{tenant}/oauth2/v2.0/token} (password, client_credentials with a secret or a client assertion,
 * refresh_token), with Entra's error codes for the usual mistakes. HTTP is {@link IdentityHandler}'s job; tokens
 * are {@link TokenIssuer}'s. Thread-safe: registrations and counters are concurrent maps.
 */
final class IdentityProvider {
    /** Scopes msal4j adds to user flows; they ask for an id_token and a refresh token, not for a resource. */
    private static final Set<String> OIDC_SCOPES = Set.of("openid", "profile", "offline_access", "email");

    /** Where registrations that name no systemuser get theirs. */
    interface Directory {
        /** The application user (systemuser with applicationid = clientId), created if there is none. */
        String applicationUser(String clientId);

        /** The systemuser with this internalemailaddress, created if there is none. */
        String userFor(String username);

        /** The systemuser's full name, or null. */
        String displayName(String systemUserId);
    }

    private record Failure(int status, String error, int code, String description) {
    }

    private final String tenantId;
    private final Supplier<String> baseUrl;
    private final EmulatorClock clock;
    private final TokenIssuer issuer;
    private final ClientAssertionVerifier assertions;
    private final Directory directory;
    private final Map<String, AppRegistration> apps = new ConcurrentHashMap<>();
    private final Map<String, UserRegistration> users = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicReference<Failure> failure = new AtomicReference<>();
    private final AtomicInteger traces = new AtomicInteger();

    IdentityProvider(String tenantId, Supplier<String> baseUrl, EmulatorClock clock, TokenIssuer issuer,
                     Clock wallClock, Directory directory) {
        this.tenantId = tenantId;
        this.baseUrl = baseUrl;
        this.clock = clock;
        this.issuer = issuer;
        this.assertions = new ClientAssertionVerifier(wallClock);
        this.directory = directory;
    }

    String tenantId() {
        return tenantId;
    }

    TokenIssuer issuer() {
        return issuer;
    }

    EmulatorClock clock() {
        return clock;
    }

    void register(AppRegistration app) {
        AppRegistration resolved = app.automaticUser() ? app.withSystemUser(directory.applicationUser(app.clientId()))
                : app;
        apps.put(resolved.key(), resolved);
    }

    void register(UserRegistration user) {
        UserRegistration resolved = user.automaticUser() ? user.withSystemUser(directory.userFor(user.username()))
                : user;
        users.put(resolved.key(), resolved);
    }

    /** Token requests received (whatever their outcome), per grant_type as sent. */
    Map<String, Integer> requestCounts() {
        Map<String, Integer> out = new LinkedHashMap<>();
        requests.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** The next {@code times} token requests fail with this Entra error; the description should not start with AADSTS. */
    void failNext(int times, int status, String error, int code, String description) {
        failure.set(new Failure(status, error, code, description));
        failuresLeft.set(times);
    }

    String nextTraceId() {
        return java.util.UUID.nameUUIDFromBytes(("dataverse-emulator-trace-" + traces.incrementAndGet())
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    // ---- user realm

    /** What {@code GET /common/userrealm/{username}} answers: Managed for the tenant's domains, else Unknown. */
    Map<String, Object> userRealm(String username) {
        String domain = username.contains("@") ? username.substring(username.indexOf('@') + 1).toLowerCase(Locale.ROOT)
                : "";
        boolean ours = domain.equals(EmulatorCredentials.TENANT_DOMAIN)
                || users.values().stream().anyMatch(u -> u.domain().equals(domain));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ver", "1.0");
        m.put("account_type", ours ? "Managed" : "Unknown");
        if (ours) {
            m.put("domain_name", domain);
        }
        m.put("cloud_instance_name", "microsoftonline.com");
        m.put("cloud_audience_urn", "urn:federation:MicrosoftOnline");
        return m;
    }

    // ---- token endpoint

    /**
     * Answers a token request.
     *
     * @param tenant        the path's tenant segment
     * @param form          the decoded form fields
     * @param authorization the Authorization header (client_secret_basic), or null
     * @param endpoint      the token endpoint URL as requested, for the assertion's aud
     * @throws EntraError for every refusal
     */
    Map<String, Object> token(String tenant, Map<String, String> form, String authorization, String endpoint) {
        String grantType = form.get("grant_type");
        requests.computeIfAbsent(grantType == null ? "(none)" : grantType, k -> new AtomicInteger()).incrementAndGet();
        Failure f = failure.get();
        if (f != null && failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new EntraError(f.status(), f.error(), f.code(), f.description());
        }
        checkTenant(tenant);
        if (grantType == null || grantType.isBlank()) {
            throw EntraError.missingParameter("grant_type");
        }
        String[] basic = basic(authorization);
        String clientId = form.get("client_id") != null ? form.get("client_id") : basic != null ? basic[0] : null;
        if (clientId == null || clientId.isBlank()) {
            throw EntraError.missingParameter("client_id");
        }
        AppRegistration app = apps.get(AppRegistration.key(clientId));
        if (app == null) {
            throw new EntraError(400, "unauthorized_client", 700016, "Application with identifier '" + clientId
                    + "' was not found in the directory '" + tenantId + "'. This can happen if the application has "
                    + "not been installed by the administrator of the tenant or consented to by any user in the "
                    + "tenant. You may have sent your authentication request to the wrong tenant.");
        }
        String secret = form.get("client_secret") != null ? form.get("client_secret") : basic != null ? basic[1] : null;
        return switch (grantType) {
            case "client_credentials" -> clientCredentials(app, form, secret, tenant, endpoint);
            case "password" -> password(app, form, secret, tenant, endpoint);
            case "refresh_token" -> refresh(app, form, secret, tenant, endpoint);
            default -> throw new EntraError(400, "unsupported_grant_type", 70003, "The app requested an unsupported "
                    + "grant type '" + grantType + "'.");
        };
    }

    private Map<String, Object> clientCredentials(AppRegistration app, Map<String, String> form, String secret,
                                                  String tenant, String endpoint) {
        if (!authenticateClient(app, form, secret, tenant, endpoint)) {
            throw EntraError.invalidClient(7000218, "The request body must contain the following parameter: "
                    + "'client_assertion' or 'client_secret'.");
        }
        List<String> scopes = resourceScopes(form.get("scope"), true);
        String token = issuer.issueAccess(new TokenIssuer.Grant(app.clientId(), app.systemUserId(), null));
        return success(token, String.join(" ", scopes));
    }

    private Map<String, Object> password(AppRegistration app, Map<String, String> form, String secret, String tenant,
                                         String endpoint) {
        // a public client sends no credential (the registration allows public client flows); a confidential one
        // that sends one must send a right one
        authenticateClient(app, form, secret, tenant, endpoint);
        String username = form.get("username");
        if (username == null || username.isBlank()) {
            throw EntraError.missingParameter("username");
        }
        if (form.get("password") == null) {
            throw EntraError.missingParameter("password");
        }
        List<String> scopes = resourceScopes(form.get("scope"), false);
        UserRegistration user = users.get(UserRegistration.key(username));
        if (user == null) {
            throw EntraError.invalidGrant(50034, "The user account {EUII Hidden} does not exist in the " + tenantId
                    + " directory. To sign into this application, the account must be added to the directory.");
        }
        if (!constantTimeEquals(user.password(), form.get("password"))) {
            throw EntraError.invalidGrant(50126, "Error validating credentials due to invalid username or password.");
        }
        return userSuccess(app, user, String.join(" ", scopes));
    }

    private Map<String, Object> refresh(AppRegistration app, Map<String, String> form, String secret, String tenant,
                                        String endpoint) {
        authenticateClient(app, form, secret, tenant, endpoint);
        String token = form.get("refresh_token");
        if (token == null || token.isBlank()) {
            throw EntraError.missingParameter("refresh_token");
        }
        TokenIssuer.Refresh r = issuer.redeem(token);
        if (r == null || !r.grant().clientId().equalsIgnoreCase(app.clientId())) {
            throw EntraError.invalidGrant(9002313, "Invalid request. Request is malformed or invalid.");
        }
        String scope = form.get("scope") == null ? r.resourceScopes()
                : String.join(" ", resourceScopes(form.get("scope"), false));
        UserRegistration user = users.get(UserRegistration.key(r.grant().username()));
        if (user == null) {
            throw EntraError.invalidGrant(50034, "The user account {EUII Hidden} does not exist in the " + tenantId
                    + " directory. To sign into this application, the account must be added to the directory.");
        }
        return userSuccess(app, user, scope);
    }

    private Map<String, Object> userSuccess(AppRegistration app, UserRegistration user, String scope) {
        TokenIssuer.Grant grant = new TokenIssuer.Grant(app.clientId(), user.systemUserId(), user.username());
        Map<String, Object> body = success(issuer.issueAccess(grant), scope);
        body.put("refresh_token", issuer.issueRefresh(grant, scope));
        String name = user.systemUserId() == null ? null : directory.displayName(user.systemUserId());
        body.put("id_token", issuer.idToken(app.clientId(), user.username(), name == null ? user.username() : name));
        body.put("client_info", issuer.clientInfo(user.username()));
        return body;
    }

    private Map<String, Object> success(String accessToken, String scope) {
        long seconds = issuer.lifetime().getSeconds();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("token_type", "Bearer");
        body.put("scope", scope);
        body.put("expires_in", seconds);
        body.put("ext_expires_in", seconds);
        body.put("access_token", accessToken);
        return body;
    }

    /**
     * Checks the client's credential if it sent one; true if it did.
     *
     * @throws EntraError 401 for a wrong secret or a refused assertion
     */
    private boolean authenticateClient(AppRegistration app, Map<String, String> form, String secret, String tenant,
                                       String endpoint) {
        String assertion = form.get("client_assertion");
        if (assertion != null) {
            String type = form.get("client_assertion_type");
            if (!ClientAssertionVerifier.JWT_BEARER.equals(type)) {
                throw EntraError.invalidRequest(50027, "The client_assertion_type '" + type + "' is not supported; "
                        + "expected '" + ClientAssertionVerifier.JWT_BEARER + "'.");
            }
            assertions.verify(assertion, app.clientId(), app.certificates(), audiences(tenant, endpoint));
            return true;
        }
        if (secret != null) {
            if (app.secret() == null || !constantTimeEquals(app.secret(), secret)) {
                throw EntraError.invalidClient(7000215, "Invalid client secret provided. Ensure the secret being "
                        + "sent in the request is the client secret value, not the client secret ID, for a secret "
                        + "added to app '" + app.clientId() + "'.");
            }
            return true;
        }
        return false;
    }

    /** The aud values Entra accepts in an assertion: the token endpoint (v2 or v1, by tenant id or as called) or the issuer. */
    private List<String> audiences(String tenant, String endpoint) {
        String base = baseUrl.get();
        List<String> out = new ArrayList<>();
        out.add(endpoint);
        for (String t : List.of(tenant, tenantId)) {
            out.add(base + "/" + t + "/oauth2/v2.0/token");
            out.add(base + "/" + t + "/oauth2/token");
        }
        out.add(base + "/" + tenantId + "/v2.0");
        return out;
    }

    /**
     * The resource scopes of a request: each must be this Web API's {@code /.default} (or, for user flows,
     * {@code /user_impersonation}); openid, profile and offline_access are left aside.
     */
    private List<String> resourceScopes(String scopeParam, boolean appFlow) {
        List<String> out = new ArrayList<>();
        if (scopeParam != null) {
            for (String s : scopeParam.trim().split("\\s+")) {
                if (!s.isEmpty() && !OIDC_SCOPES.contains(s.toLowerCase(Locale.ROOT))) {
                    out.add(s);
                }
            }
        }
        if (out.isEmpty()) {
            throw EntraError.missingParameter("scope");
        }
        String api = normalizeUrl(baseUrl.get());
        for (String s : out) {
            int slash = s.lastIndexOf('/');
            String resource = slash < 0 ? s : s.substring(0, slash);
            String permission = slash < 0 ? "" : s.substring(slash + 1);
            if (!normalizeUrl(resource).equals(api)) {
                throw new EntraError(400, "invalid_scope", 500011,
                        "The resource principal named " + resource + " was not found in the tenant named "
                        + tenantId + ". This can happen if the application has not been installed by the "
                        + "administrator of the tenant or consented to by any user in the tenant. You might have sent "
                        + "your authentication request to the wrong tenant.");
            }
            if (appFlow && !permission.equals(".default")) {
                throw new EntraError(400, "invalid_scope", 1002012, "The provided value for scope " + s + " is not "
                        + "valid. Client credential flows must have a scope value with /.default suffixed to the "
                        + "resource identifier (application ID URI).");
            }
            if (!permission.equals(".default") && !permission.equals("user_impersonation")) {
                throw new EntraError(400, "invalid_scope", 65005, "The application asked for scope '" + permission
                        + "' that doesn't exist on the resource '" + resource + "'.");
            }
        }
        return out;
    }

    /** @throws EntraError 400 AADSTS90002 unless the tenant segment names this tenant or a multi-tenant alias */
    void checkTenant(String tenant) {
        String t = tenant.toLowerCase(Locale.ROOT);
        if (!t.equals(tenantId) && !t.equals(EmulatorCredentials.TENANT_DOMAIN) && !t.equals("common")
                && !t.equals("organizations")) {
            throw EntraError.invalidRequest(90002, "Tenant '" + tenant + "' not found. Check to make sure you have "
                    + "the correct tenant ID and are signing into the correct cloud.");
        }
    }

    /** Whether the path's tenant segment names this tenant (or a multi-tenant alias). */
    boolean knowsTenant(String tenant) {
        try {
            checkTenant(tenant);
            return true;
        } catch (EntraError e) {
            return false;
        }
    }

    /**
     * A URL reduced for comparison: lower case, no trailing slashes, and 127.0.0.1 the same as localhost (the
     * certificate is valid for both, so a client may use either).
     */
    static String normalizeUrl(String url) {
        String u = url.trim().toLowerCase(Locale.ROOT).replace("://127.0.0.1", "://localhost");
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }

    /** client_secret_basic: {@code Basic base64(urlencode(id):urlencode(secret))}; null if absent or malformed. */
    private static String[] basic(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                    StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                return null;
            }
            return new String[] {java.net.URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                    java.net.URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean constantTimeEquals(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                given.getBytes(StandardCharsets.UTF_8));
    }
}
