package io.dynsync.dynamics;

import java.net.URI;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Enumeration;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.net.ssl.SSLContext;

import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.IClientCredential;
import com.microsoft.aad.msal4j.MsalServiceException;
import com.microsoft.aad.msal4j.PublicClientApplication;
import com.microsoft.aad.msal4j.UserNamePasswordParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dataverse access tokens from Entra ID through msal4j, in the three modes operators configure: an app
 * registration with a secret or a certificate (client credentials), or a user's name and password (the
 * resource-owner grant of Marketo's setup pages; it cannot pass MFA). A token is reused until five
 * minutes before it expires, then renewed; {@link #token(boolean)} with {@code true} renews at once
 * (after a 401).
 */
final class MsalTokens {

    private static final Logger LOG = LoggerFactory.getLogger(MsalTokens.class);
    private static final long RENEW_BEFORE_SECONDS = 300;
    private static final long SIGN_IN_TIMEOUT_SECONDS = 60;

    private final AuthSettings settings;
    private final Set<String> scopes;
    private final ConfidentialClientApplication confidential;
    private final PublicClientApplication publicClient;
    private String token;
    private Instant expiresOn = Instant.EPOCH;
    private long acquired;

    MsalTokens(AuthSettings settings) {
        this.settings = settings;
        this.scopes = Set.of(settings.scope());
        SSLContext ssl = settings.sslContext();
        // instance discovery asks login.microsoftonline.com about any other authority host: off for those
        boolean microsoftHost = URI.create(settings.authority()).getHost().toLowerCase().endsWith("login.microsoftonline.com");
        try {
            if ("password".equals(settings.mode())) {
                PublicClientApplication.Builder builder = PublicClientApplication.builder(settings.clientId())
                        .authority(settings.tenantAuthority()).instanceDiscovery(microsoftHost);
                if (ssl != null) {
                    builder.sslSocketFactory(ssl.getSocketFactory());
                }
                this.publicClient = builder.build();
                this.confidential = null;
            } else {
                ConfidentialClientApplication.Builder builder = ConfidentialClientApplication.builder(settings.clientId(), credential())
                        .authority(settings.tenantAuthority()).instanceDiscovery(microsoftHost);
                if (ssl != null) {
                    builder.sslSocketFactory(ssl.getSocketFactory());
                }
                this.confidential = builder.build();
                this.publicClient = null;
            }
        } catch (java.net.MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("sync.dynamics.auth.authority / tenant-id: not a usable authority ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private IClientCredential credential() {
        if ("client-secret".equals(settings.mode())) {
            return ClientCredentialFactory.createFromSecret(settings.clientSecret());
        }
        char[] password = settings.certificatePassword() == null ? new char[0] : settings.certificatePassword().toCharArray();
        try {
            KeyStore store = Pkcs12.load(settings.certificatePath(), password);
            for (Enumeration<String> aliases = store.aliases(); aliases.hasMoreElements();) {
                String alias = aliases.nextElement();
                if (store.isKeyEntry(alias)) {
                    PrivateKey key = (PrivateKey) store.getKey(alias, password);
                    X509Certificate certificate = (X509Certificate) store.getCertificate(alias);
                    return ClientCredentialFactory.createFromCertificate(key, certificate);
                }
            }
            throw new IllegalArgumentException("no private key in it");
        } catch (Exception e) {
            throw new IllegalArgumentException("sync.dynamics.auth.certificate-path / certificate-password: cannot read a "
                    + "private key and certificate from the PKCS12 file (" + (e instanceof IllegalArgumentException
                            ? e.getMessage() : e.getClass().getSimpleName()) + ")");
        }
    }

    /** The current token, renewed first when it expires within five minutes or when asked to. */
    synchronized String token(boolean renew) {
        if (!renew && token != null && Instant.now().isBefore(expiresOn.minusSeconds(RENEW_BEFORE_SECONDS))) {
            return token;
        }
        IAuthenticationResult result = acquire(renew);
        token = result.accessToken();
        expiresOn = result.expiresOnDate().toInstant();
        acquired++;
        LOG.debug("New Dataverse token ({} mode), valid until {}", settings.mode(), expiresOn);
        return token;
    }

    /**
     * After a 401 for {@code refused}: a new token, unless another caller already replaced that one (many
     * routes meeting the same expiry sign in once).
     */
    synchronized String renewIfCurrent(String refused) {
        if (token != null && refused != null && !token.equals(refused)) {
            return token;
        }
        token = null;
        return token(true);
    }

    /** Tokens acquired since start. */
    synchronized long acquired() {
        return acquired;
    }

    private IAuthenticationResult acquire(boolean skipCache) {
        try {
            // bounded: a hung authority must not hold every route's calls (they wait on this lock)
            if (publicClient != null) {
                return publicClient.acquireToken(UserNamePasswordParameters.builder(scopes, settings.username(),
                        settings.password().toCharArray()).build()).get(SIGN_IN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
            return confidential.acquireToken(ClientCredentialParameters.builder(scopes).skipCache(skipCache).build())
                    .get(SIGN_IN_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            // an I/O failure to the routes: retried with backoff like any cut connection
            throw new java.io.UncheckedIOException(new java.net.SocketTimeoutException(
                    "sync.dynamics.auth.authority: no token within " + SIGN_IN_TIMEOUT_SECONDS + " s"));
        } catch (ExecutionException | CompletionException e) {
            throw refused(e.getCause() == null ? e : e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CredentialsRefused("interrupted while signing in");
        }
    }

    /** Names the setting at fault from Entra's error code; never repeats a value or Entra's whole text. */
    private CredentialsRefused refused(Throwable failure) {
        String message = failure.getMessage() == null ? "" : failure.getMessage();
        String code = failure instanceof MsalServiceException service ? service.errorCode() : failure.getClass().getSimpleName();
        String aadsts = message.matches("(?s).*AADSTS\\d+.*") ? message.replaceAll("(?s).*?(AADSTS\\d+).*", "$1") : "";
        String where;
        switch (aadsts) {
            case "AADSTS50126" -> where = "sync.dynamics.auth.password: the password was refused for sync.dynamics.auth.username";
            case "AADSTS50034" -> where = "sync.dynamics.auth.username: no such user in the tenant";
            case "AADSTS50053" -> where = "sync.dynamics.auth.username: the account is locked (too many wrong passwords)";
            case "AADSTS50055" -> where = "sync.dynamics.auth.password: the password has expired";
            case "AADSTS7000222" -> where = "sync.dynamics.auth.client-secret: the client secret has expired";
            case "AADSTS7000215" -> where = "sync.dynamics.auth.client-secret: the client secret was refused";
            case "AADSTS700027", "AADSTS700023" -> where = "sync.dynamics.auth.certificate-path: the certificate was refused";
            case "AADSTS700016" -> where = "sync.dynamics.auth.client-id: no such application in the tenant";
            case "AADSTS90002", "AADSTS900023" -> where = "sync.dynamics.auth.tenant-id: no such tenant";
            case "AADSTS500011" -> where = "sync.dynamics.url: the tenant has no such resource (the token scope is its /.default)";
            case "AADSTS50076", "AADSTS50079" -> where = "sync.dynamics.auth.mode=password: the user must pass MFA, which "
                    + "this grant cannot; use client-secret or client-certificate";
            default -> where = "sync.dynamics.auth: signing in failed";
        }
        return new CredentialsRefused(where + " (" + code + (aadsts.isEmpty() ? "" : " " + aadsts) + ")");
    }
}
