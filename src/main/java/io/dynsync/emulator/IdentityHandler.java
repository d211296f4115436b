package io.dynsync.emulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The Entra ID endpoints over HTTP, at the paths msal4j 1.23.1 builds for an AAD authority
 * {@code https://localhost:PORT/<tenant>/}:
 * <pre>
 * GET  /common/userrealm/{username}?api-version=1.0            Managed for the tenant's users
 * GET  /{tenant}/v2.0/.well-known/openid-configuration         (also /{tenant}/.well-known/openid-configuration)
 * GET  /common/discovery/instance?api-version=1.1&amp;…           instance discovery, for clients that keep it on
 * GET  /{tenant}/discovery/v2.0/keys                           an empty key set: issued tokens are unsigned
 * POST /{tenant}/oauth2/v2.0/token                             password, client_credentials, refresh_token
 * </pre>
 * Mounted at "/" so that any tenant segment reaches it; the Web API and the control paths have longer prefixes.
 */
final class IdentityHandler implements HttpHandler {
    private final IdentityProvider identity;
    private final Supplier<String> baseUrl;

    IdentityHandler(IdentityProvider identity, Supplier<String> baseUrl) {
        this.identity = identity;
        this.baseUrl = baseUrl;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        URI uri = ex.getRequestURI();
        byte[] body = ex.getRequestBody().readAllBytes();
        List<String> path = segments(uri.getRawPath());
        String correlation = ex.getRequestHeaders().getFirst("client-request-id");
        int status = 200;
        Object result;
        try {
            result = route(method, path, uri.getRawQuery(), body, ex.getRequestHeaders().getFirst("Authorization"));
            if (result == null) {
                status = 404;
            }
        } catch (EntraError e) {
            status = e.status;
            String trace = identity.nextTraceId();
            result = e.body(identity.clock().now(), trace, correlation != null ? correlation : trace, baseUrl.get());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Cache-Control", "no-store, no-cache");
        headers.put("Pragma", "no-cache");
        if (correlation != null) {
            headers.put("client-request-id", correlation);
        }
        HttpIo.send(ex, status, headers, "application/json; charset=utf-8",
                result == null ? null : ODataJson.tree(result));
    }

    /** The JSON answer, or null for 404. */
    private Object route(String method, List<String> path, String rawQuery, byte[] body, String authorization) {
        if (path.size() == 3 && path.get(0).equals("common") && path.get(1).equalsIgnoreCase("userrealm")) {
            requireMethod(method, "GET");
            return identity.userRealm(path.get(2));
        }
        if (path.size() == 3 && path.get(0).equals("common") && path.get(1).equals("discovery")
                && path.get(2).equals("instance")) {
            requireMethod(method, "GET");
            return instanceDiscovery(HttpIo.parseQuery(rawQuery).get("authorization_endpoint"));
        }
        if (path.size() < 2 || !identity.knowsTenant(path.get(0))) {
            if (path.size() >= 2 && isIdentityPath(path.subList(1, path.size()))) {
                // Entra answers an unknown tenant with its error, not a 404
                identity.checkTenant(path.get(0));
            }
            return null;
        }
        String tenant = path.get(0);
        List<String> rest = path.subList(1, path.size());
        String joined = String.join("/", rest);
        switch (joined) {
            case "v2.0/.well-known/openid-configuration":
            case ".well-known/openid-configuration":
                requireMethod(method, "GET");
                return openIdConfiguration(tenant);
            case "discovery/v2.0/keys":
            case "discovery/keys":
                requireMethod(method, "GET");
                return Map.of("keys", List.of());
            case "oauth2/v2.0/token":
            case "oauth2/token":
                requireMethod(method, "POST");
                Map<String, String> form = HttpForm.parse(body);
                if (joined.equals("oauth2/token") && form.get("scope") == null && form.get("resource") != null) {
                    // the v1 endpoint names the resource instead of a scope
                    form.put("scope", form.get("resource").replaceAll("/+$", "") + "/.default");
                }
                return identity.token(tenant, form, authorization, baseUrl.get() + "/" + tenant + "/" + joined);
            case "oauth2/v2.0/authorize":
            case "oauth2/authorize":
            case "oauth2/v2.0/devicecode":
                throw EntraError.invalidRequest(900561, "Interactive and device-code sign-in are not emulated: use "
                        + "the password or client credentials grant at /" + tenant + "/oauth2/v2.0/token.");
            default:
                return null;
        }
    }

    private static boolean isIdentityPath(List<String> rest) {
        String j = String.join("/", rest);
        return j.startsWith("oauth2/") || j.endsWith("openid-configuration");
    }

    private static void requireMethod(String method, String expected) {
        if (!method.equals(expected)) {
            throw EntraError.invalidRequest(900561, "The endpoint only accepts " + expected + " requests. Received a "
                    + method + " request.");
        }
    }

    private Map<String, Object> openIdConfiguration(String tenant) {
        String base = baseUrl.get();
        String t = base + "/" + tenant;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("token_endpoint", t + "/oauth2/v2.0/token");
        m.put("token_endpoint_auth_methods_supported", List.of("client_secret_post", "private_key_jwt",
                "client_secret_basic"));
        m.put("jwks_uri", t + "/discovery/v2.0/keys");
        m.put("response_modes_supported", List.of("query", "fragment", "form_post"));
        m.put("subject_types_supported", List.of("pairwise"));
        m.put("id_token_signing_alg_values_supported", List.of("RS256"));
        m.put("response_types_supported", List.of("code", "id_token", "code id_token", "id_token token"));
        m.put("scopes_supported", List.of("openid", "profile", "email", "offline_access"));
        m.put("issuer", base + "/" + identity.tenantId() + "/v2.0");
        m.put("request_uri_parameter_supported", false);
        m.put("authorization_endpoint", t + "/oauth2/v2.0/authorize");
        m.put("device_authorization_endpoint", t + "/oauth2/v2.0/devicecode");
        m.put("end_session_endpoint", t + "/oauth2/v2.0/logout");
        m.put("claims_supported", List.of("sub", "iss", "aud", "exp", "iat", "nbf", "name", "oid", "tid",
                "preferred_username", "ver"));
        m.put("tenant_region_scope", null);
        m.put("cloud_instance_name", "microsoftonline.com");
        m.put("cloud_graph_host_name", "graph.windows.net");
        m.put("msgraph_host", "graph.microsoft.com");
        return m;
    }

    /**
     * The host the client called (from its authorization_endpoint: localhost or 127.0.0.1) as the only alias.
     * msal4j 1.23.1 keys its JVM-wide discovery cache by host without port, builds request URLs from
     * preferred_network plus the authority's own port, and uses preferred_cache as the accounts' environment, which
     * a silent refresh puts in place of the authority's host:port; hence host alone, then host:port.
     */
    private Map<String, Object> instanceDiscovery(String authorizationEndpoint) {
        URI base = URI.create(baseUrl.get());
        String host = base.getHost().toLowerCase(Locale.ROOT);
        if (authorizationEndpoint != null) {
            try {
                String asked = URI.create(authorizationEndpoint).getHost();
                if (asked != null && (asked.equalsIgnoreCase("localhost") || asked.equals("127.0.0.1"))) {
                    host = asked.toLowerCase(Locale.ROOT);
                }
            } catch (IllegalArgumentException e) {
                // not a URL: describe this server's own host
            }
        }
        String withPort = host + ":" + base.getPort();
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("preferred_network", host);
        entry.put("preferred_cache", withPort);
        entry.put("aliases", List.of(host, withPort));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tenant_discovery_endpoint", baseUrl.get() + "/" + identity.tenantId()
                + "/v2.0/.well-known/openid-configuration");
        m.put("api-version", "1.1");
        m.put("metadata", List.of(entry));
        return m;
    }

    private static List<String> segments(String rawPath) {
        String p = HttpIo.decodePath(rawPath == null ? "/" : rawPath);
        List<String> out = new java.util.ArrayList<>();
        for (String s : p.split("/")) {
            if (!s.isEmpty()) {
                out.add(s);
            }
        }
        return out;
    }
}
