package io.dynsync.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAccount;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.IClientCredential;
import com.microsoft.aad.msal4j.MsalServiceException;
import com.microsoft.aad.msal4j.PublicClientApplication;
import com.microsoft.aad.msal4j.SilentParameters;
import com.microsoft.aad.msal4j.UserNamePasswordParameters;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The token endpoint against the real msal4j 1.23.1, over TLS, in the three modes the sync offers (password,
 * client secret, client certificate), and the Web API accepting what it issued.
 */
class EntraTokenEndpointTest {
    private static final Instant T0 = Instant.parse("2024-05-01T08:00:00Z");
    private DataverseEmulator dv;
    private TestHttp http;
    private Set<String> scopes;

    @BeforeEach
    void start() {
        dv = DataverseEmulator.start(TestHttp.empty(T0).tls(true).authMode(EmulatorOptions.AuthMode.TOKEN));
        http = new TestHttp(dv);
        scopes = Set.of(dv.baseUrl() + "/.default");
    }

    @AfterEach
    void stop() {
        dv.close();
    }

    private ConfidentialClientApplication confidential(String clientId, IClientCredential credential)
            throws Exception {
        return ConfidentialClientApplication.builder(clientId, credential).authority(dv.authorityUrl())
                .instanceDiscovery(false).sslSocketFactory(DataverseEmulator.sslContext().getSocketFactory()).build();
    }

    private PublicClientApplication publicClient() throws Exception {
        return PublicClientApplication.builder(EmulatorCredentials.DEFAULT_CLIENT_ID).authority(dv.authorityUrl())
                .instanceDiscovery(false).sslSocketFactory(DataverseEmulator.sslContext().getSocketFactory()).build();
    }

    private IAuthenticationResult clientCredentials(ConfidentialClientApplication app, boolean skipCache)
            throws Exception {
        return app.acquireToken(ClientCredentialParameters.builder(scopes).skipCache(skipCache).build()).get();
    }

    private static MsalServiceException refusal(ThrowingCall call) {
        try {
            call.run();
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(MsalServiceException.class);
            return (MsalServiceException) e.getCause();
        } catch (Exception e) {
            throw new AssertionError("expected a refusal from the token endpoint", e);
        }
        throw new AssertionError("the token endpoint accepted the request");
    }

    private interface ThrowingCall {
        void run() throws Exception;
    }

    private HttpResponse<String> whoAmI(String token) {
        return http.get("WhoAmI", "Authorization", "Bearer " + token);
    }

    @Test
    void passwordGrantWithMsal4jThenTheWebApiOverHttps() throws Exception {
        PublicClientApplication app = publicClient();
        IAuthenticationResult result = app.acquireToken(UserNamePasswordParameters.builder(scopes,
                EmulatorCredentials.DEFAULT_USERNAME, EmulatorCredentials.DEFAULT_PASSWORD.toCharArray()).build())
                .get();
        assertThat(result.accessToken()).isNotBlank();
        // id_token and client_info give msal4j an account it can cache and refresh
        IAccount account = result.account();
        assertThat(account.username()).isEqualTo(EmulatorCredentials.DEFAULT_USERNAME);
        assertThat(account.homeAccountId()).endsWith("." + dv.tenantId());
        assertThat(result.expiresOnDate().toInstant()).isAfter(Instant.now().plusSeconds(3000));
        assertThat(dv.tokenRequests("password")).isEqualTo(1);

        HttpResponse<String> me = whoAmI(result.accessToken());
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(TestHttp.json(me).get("UserId").asText()).isEqualTo(dv.integrationUserId());
    }

    /**
     * msal4j 1.23.1 refreshes silently at "https://&lt;account environment&gt;/&lt;tenant&gt;/", and with instance discovery
     * off the environment is the bare host, so it loses a non-default port. A client that hands msal4j the
     * emulator's own discovery document keeps it. The authority here is 127.0.0.1 (the certificate names it too):
     * msal4j caches discovery JVM-wide by host, and the localhost entry stays the default one other tests expect.
     */
    @Test
    void refreshTokenGrantThroughMsal4jSilentRefresh() throws Exception {
        String authority = dv.authorityUrl().replace("://localhost:", "://127.0.0.1:");
        String discovery = http.get(dv.baseUrl() + "/common/discovery/instance?api-version=1.1&authorization_endpoint="
                + authority + "oauth2/v2.0/authorize").body();
        assertThat(TestHttp.JSON.readTree(discovery).at("/metadata/0/preferred_network").asText())
                .isEqualTo("127.0.0.1");
        PublicClientApplication app = PublicClientApplication.builder(EmulatorCredentials.DEFAULT_CLIENT_ID)
                .authority(authority).aadInstanceDiscoveryResponse(discovery)
                .sslSocketFactory(DataverseEmulator.sslContext().getSocketFactory()).build();
        IAuthenticationResult first = app.acquireToken(UserNamePasswordParameters.builder(scopes,
                EmulatorCredentials.DEFAULT_USERNAME, EmulatorCredentials.DEFAULT_PASSWORD.toCharArray()).build())
                .get();
        IAuthenticationResult refreshed = app.acquireTokenSilently(SilentParameters.builder(scopes, first.account())
                .forceRefresh(true).build()).get();
        assertThat(dv.tokenRequests("refresh_token")).isEqualTo(1);
        assertThat(refreshed.accessToken()).isNotEqualTo(first.accessToken());
        assertThat(whoAmI(refreshed.accessToken()).statusCode()).isEqualTo(200);
        // both still work: a refresh does not revoke the token it replaces
        assertThat(whoAmI(first.accessToken()).statusCode()).isEqualTo(200);
    }

    @Test
    void wrongPasswordAndUnknownUserAreEntraErrorsWithoutTheSecret() throws Exception {
        PublicClientApplication app = publicClient();
        MsalServiceException wrong = refusal(() -> app.acquireToken(UserNamePasswordParameters.builder(scopes,
                EmulatorCredentials.DEFAULT_USERNAME, "not-the-password-xyz".toCharArray()).build()).get());
        // msal4j reports invalid_grant as "interaction required", without the HTTP status
        assertThat(wrong.errorCode()).isEqualTo("invalid_grant");
        assertThat(wrong.getMessage()).contains("AADSTS50126").doesNotContain("not-the-password-xyz");

        MsalServiceException unknown = refusal(() -> app.acquireToken(UserNamePasswordParameters.builder(scopes,
                "nobody@emulator.test", "x".toCharArray()).build()).get());
        assertThat(unknown.errorCode()).isEqualTo("invalid_grant");
        assertThat(unknown.getMessage()).contains("AADSTS50034");
    }

    @Test
    void clientSecretWithMsal4jActsAsTheApplicationUser() throws Exception {
        ConfidentialClientApplication app = confidential(EmulatorCredentials.DEFAULT_CLIENT_ID,
                ClientCredentialFactory.createFromSecret(EmulatorCredentials.DEFAULT_CLIENT_SECRET));
        IAuthenticationResult result = clientCredentials(app, false);
        assertThat(dv.tokenRequests("client_credentials")).isEqualTo(1);

        HttpResponse<String> created = http.send("POST", "leads", "{\"lastname\":\"ViaSecret\"}",
                "Authorization", "Bearer " + result.accessToken());
        assertThat(created.statusCode()).isEqualTo(204);
        Map<String, Object> lead = dv.data().list("leads").get(0);
        assertThat(lead.get("_modifiedby_value")).isEqualTo(dv.integrationUserId());
        // the default app's application user is the integration user, whose applicationid says so
        assertThat(dv.data().get("systemusers", dv.integrationUserId()).orElseThrow().get("applicationid"))
                .isEqualTo(EmulatorCredentials.DEFAULT_CLIENT_ID);

        MsalServiceException badSecret = refusal(() -> clientCredentials(confidential(
                EmulatorCredentials.DEFAULT_CLIENT_ID, ClientCredentialFactory.createFromSecret("guessed-secret-123")),
                true));
        assertThat(badSecret.statusCode()).isEqualTo(401);
        assertThat(badSecret.errorCode()).isEqualTo("invalid_client");
        assertThat(badSecret.getMessage()).contains("AADSTS7000215").doesNotContain("guessed-secret-123");

        MsalServiceException unknownApp = refusal(() -> clientCredentials(confidential(
                "99999999-9999-9999-9999-999999999999", ClientCredentialFactory.createFromSecret("x")), true));
        assertThat(unknownApp.statusCode()).isEqualTo(400);
        assertThat(unknownApp.errorCode()).isEqualTo("unauthorized_client");
        assertThat(unknownApp.getMessage()).contains("AADSTS700016");
    }

    @Test
    void clientCertificateWithMsal4jSignsAnAssertionTheEmulatorVerifies() throws Exception {
        ConfidentialClientApplication app = confidential(EmulatorCredentials.DEFAULT_CLIENT_ID,
                ClientCredentialFactory.createFromCertificate(EmulatorCredentials.clientPrivateKey(),
                        EmulatorCredentials.clientCertificate()));
        IAuthenticationResult result = clientCredentials(app, false);
        assertThat(whoAmI(result.accessToken()).statusCode()).isEqualTo(200);

        // a certificate the app registration does not have: the key is not found
        EmulatorCredentials.KeyPairEntry other = EmulatorCredentials.load(
                EmulatorCredentials.SERVER_KEYSTORE_RESOURCE, EmulatorCredentials.SERVER_KEYSTORE_PASSWORD);
        MsalServiceException unknownKey = refusal(() -> clientCredentials(confidential(
                EmulatorCredentials.DEFAULT_CLIENT_ID,
                ClientCredentialFactory.createFromCertificate(other.key(), other.certificate())), true));
        assertThat(unknownKey.statusCode()).isEqualTo(401);
        assertThat(unknownKey.errorCode()).isEqualTo("invalid_client");
        assertThat(unknownKey.getMessage()).contains("AADSTS700027");

        // the registered certificate's thumbprint, but signed with another key: the signature fails
        MsalServiceException forged = refusal(() -> clientCredentials(confidential(
                EmulatorCredentials.DEFAULT_CLIENT_ID,
                ClientCredentialFactory.createFromCertificate(other.key(), EmulatorCredentials.clientCertificate())),
                true));
        assertThat(forged.getMessage()).contains("AADSTS700027");

        // registering that certificate for a new app makes it work, as the new app's own application user
        String clientId = "33333333-3333-4333-8333-333333333333";
        dv.registerApp(clientId, null, other.certificate());
        IAuthenticationResult second = clientCredentials(confidential(clientId,
                ClientCredentialFactory.createFromCertificate(other.key(), other.certificate())), false);
        String appUser = TestHttp.json(whoAmI(second.accessToken())).get("UserId").asText();
        assertThat(appUser).isNotEqualTo(dv.integrationUserId());
        assertThat(dv.data().get("systemusers", appUser).orElseThrow().get("applicationid")).isEqualTo(clientId);
    }

    @Test
    void expiredTokensGet401AndTheClientComesBackForANewOne() throws Exception {
        ConfidentialClientApplication app = confidential(EmulatorCredentials.DEFAULT_CLIENT_ID,
                ClientCredentialFactory.createFromSecret(EmulatorCredentials.DEFAULT_CLIENT_SECRET));
        String token = clientCredentials(app, false).accessToken();
        assertThat(whoAmI(token).statusCode()).isEqualTo(200);

        dv.expireTokens();
        HttpResponse<String> expired = whoAmI(token);
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(expired.body()).isEmpty();
        assertThat(expired.headers().firstValue("WWW-Authenticate")).hasValue("Bearer authorization_uri="
                + dv.authorityUrl() + "oauth2/authorize, resource_id=" + dv.baseUrl() + "/");
        // the client has to ask again (msal4j 1.23.1 never serves its cache on a non-default port anyway)
        String renewed = clientCredentials(app, true).accessToken();
        assertThat(dv.tokenRequests("client_credentials")).isEqualTo(2);
        assertThat(renewed).isNotEqualTo(token);
        assertThat(whoAmI(renewed).statusCode()).isEqualTo(200);
        assertThat(whoAmI(token).statusCode()).isEqualTo(401);

        // expiry on the emulator clock, with the lifetime a test chose
        dv.tokenLifetime(Duration.ofSeconds(120));
        IAuthenticationResult shortLived = clientCredentials(app, true);
        assertThat(shortLived.expiresOnDate().toInstant()).isBefore(Instant.now().plusSeconds(130));
        assertThat(whoAmI(shortLived.accessToken()).statusCode()).isEqualTo(200);
        dv.clock().advance(Duration.ofSeconds(119));
        assertThat(whoAmI(shortLived.accessToken()).statusCode()).isEqualTo(200);
        dv.clock().advance(Duration.ofSeconds(1));
        assertThat(whoAmI(shortLived.accessToken()).statusCode()).isEqualTo(401);
    }

    @Test
    void anotherResourceIsAnInvalidScope() throws Exception {
        ConfidentialClientApplication app = confidential(EmulatorCredentials.DEFAULT_CLIENT_ID,
                ClientCredentialFactory.createFromSecret(EmulatorCredentials.DEFAULT_CLIENT_SECRET));
        MsalServiceException e = refusal(() -> app.acquireToken(ClientCredentialParameters.builder(
                Set.of("https://contoso.crm.dynamics.com/.default")).build()).get());
        assertThat(e.errorCode()).isEqualTo("invalid_scope");
        assertThat(e.getMessage()).contains("AADSTS500011");
    }

    @Test
    void anAppWithoutApplicationUserGets403FromTheWebApi() throws Exception {
        String clientId = "44444444-4444-4444-8444-444444444444";
        dv.registerApp(clientId, "s3cret", null, null);
        String token = clientCredentials(confidential(clientId, ClientCredentialFactory.createFromSecret("s3cret")),
                false).accessToken();
        HttpResponse<String> r = whoAmI(token);
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(TestHttp.json(r).at("/error/code").asText()).isEqualTo("0x80072560");
    }

    @Test
    void discoveryDocumentsPointAtThisServer() throws Exception {
        JsonNode realm = TestHttp.json(http.get(dv.baseUrl() + "/common/userrealm/"
                + EmulatorCredentials.DEFAULT_USERNAME + "?api-version=1.0"));
        assertThat(realm.get("account_type").asText()).isEqualTo("Managed");
        assertThat(realm.get("domain_name").asText()).isEqualTo("emulator.test");
        assertThat(realm.get("cloud_audience_urn").asText()).isEqualTo("urn:federation:MicrosoftOnline");

        JsonNode oidc = TestHttp.json(http.get(dv.authorityUrl() + "v2.0/.well-known/openid-configuration"));
        assertThat(oidc.get("token_endpoint").asText()).isEqualTo(dv.authorityUrl() + "oauth2/v2.0/token");
        assertThat(oidc.get("issuer").asText()).isEqualTo(dv.authorityUrl() + "v2.0");
        assertThat(oidc.get("jwks_uri").asText()).startsWith(dv.baseUrl());
        assertThat(http.get(dv.baseUrl() + "/common/v2.0/.well-known/openid-configuration").statusCode())
                .isEqualTo(200);
        assertThat(TestHttp.json(http.get(dv.baseUrl() + "/not-a-tenant/oauth2/v2.0/token")).get("error_codes")
                .get(0).asInt()).isEqualTo(90002);

        JsonNode discovery = TestHttp.json(http.get(dv.baseUrl() + "/common/discovery/instance?api-version=1.1"
                + "&authorization_endpoint=" + dv.authorityUrl() + "oauth2/v2.0/authorize"));
        assertThat(discovery.get("tenant_discovery_endpoint").asText())
                .isEqualTo(dv.authorityUrl() + "v2.0/.well-known/openid-configuration");
        assertThat(discovery.at("/metadata/0/aliases").toString()).contains("\"localhost\"")
                .contains("\"localhost:" + dv.port() + "\"");
    }

    @Test
    void plainHttpTokenEndpointAnswersEntraShapedJson() {
        dv.close();
        dv = DataverseEmulator.start(TestHttp.empty(T0).authMode(EmulatorOptions.AuthMode.TOKEN)
                .registerUser("ana.lyst@emulator.test", "pw-ana"));
        http = new TestHttp(dv);
        String endpoint = dv.authorityUrl() + "oauth2/v2.0/token";
        HttpResponse<String> ok = http.form(endpoint, "grant_type", "password", "client_id",
                EmulatorCredentials.DEFAULT_CLIENT_ID, "username", "Ana.Lyst@emulator.test", "password", "pw-ana",
                "scope", dv.baseUrl() + "/user_impersonation openid profile offline_access", "client_info", "1");
        assertThat(ok.statusCode()).isEqualTo(200);
        JsonNode body = TestHttp.json(ok);
        assertThat(body.get("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.get("expires_in").asInt()).isEqualTo(3600);
        assertThat(body.get("ext_expires_in").asInt()).isEqualTo(3600);
        assertThat(body.has("refresh_token") && body.has("id_token") && body.has("client_info")).isTrue();
        String idClaims = new String(java.util.Base64.getUrlDecoder().decode(body.get("id_token").asText()
                .split("\\.")[1]), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(idClaims).contains("\"preferred_username\":\"ana.lyst@emulator.test\"")
                .contains("\"tid\":\"" + dv.tenantId() + "\"").contains("\"oid\"");
        // a registered user without a systemuser gets one, found by internalemailaddress
        String userId = TestHttp.json(http.get("WhoAmI", "Authorization", "Bearer "
                + body.get("access_token").asText())).get("UserId").asText();
        assertThat(dv.data().get("systemusers", userId).orElseThrow().get("fullname")).isEqualTo("Ana Lyst");

        HttpResponse<String> bad = http.form(endpoint, "grant_type", "client_credentials", "client_id",
                EmulatorCredentials.DEFAULT_CLIENT_ID, "client_secret", "wrong-secret-value",
                "scope", dv.baseUrl() + "/.default");
        assertThat(bad.statusCode()).isEqualTo(401);
        JsonNode error = TestHttp.json(bad);
        assertThat(error.get("error").asText()).isEqualTo("invalid_client");
        assertThat(error.get("error_codes").get(0).asInt()).isEqualTo(7000215);
        assertThat(error.get("error_description").asText()).startsWith("AADSTS7000215: ").contains("Trace ID: ");
        assertThat(bad.body()).doesNotContain("wrong-secret-value");

        HttpResponse<String> userScope = http.form(endpoint, "grant_type", "client_credentials", "client_id",
                EmulatorCredentials.DEFAULT_CLIENT_ID, "client_secret", EmulatorCredentials.DEFAULT_CLIENT_SECRET,
                "scope", dv.baseUrl() + "/user_impersonation");
        assertThat(TestHttp.json(userScope).get("error").asText()).isEqualTo("invalid_scope");

        dv.failTokenRequests(1, 503, "temporarily_unavailable", 90033, "A transient error has occurred.");
        HttpResponse<String> outage = http.form(endpoint, "grant_type", "client_credentials", "client_id",
                EmulatorCredentials.DEFAULT_CLIENT_ID, "client_secret", EmulatorCredentials.DEFAULT_CLIENT_SECRET,
                "scope", dv.baseUrl() + "/.default");
        assertThat(outage.statusCode()).isEqualTo(503);
        assertThat(TestHttp.json(outage).get("error_codes").get(0).asInt()).isEqualTo(90033);
        assertThat(dv.tokenRequests()).containsEntry("client_credentials", 3).containsEntry("password", 1);
    }

    @Test
    void tokenHooksOverTheControlInterface() {
        String token = TestHttp.json(http.form(dv.authorityUrl() + "oauth2/v2.0/token", "grant_type",
                "client_credentials", "client_id", EmulatorCredentials.DEFAULT_CLIENT_ID, "client_secret",
                EmulatorCredentials.DEFAULT_CLIENT_SECRET, "scope", dv.baseUrl() + "/.default"))
                .get("access_token").asText();
        assertThat(whoAmI(token).statusCode()).isEqualTo(200);
        assertThat(TestHttp.json(http.get(dv.baseUrl() + "/_emulator/tokens/requests")).get("client_credentials")
                .asInt()).isEqualTo(1);
        assertThat(http.send("POST", dv.baseUrl() + "/_emulator/tokens/expire", "{}").statusCode()).isEqualTo(204);
        assertThat(whoAmI(token).statusCode()).isEqualTo(401);
        assertThatThrownBy(() -> dv.registerUser("x@emulator.test", "p", "not-a-guid"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
