package io.dynsync.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Collections;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The emulator's fixed, public test credentials: the default tenant, app registration and user every emulator
 * accepts out of the box, and the key material under {@code src/main/resources/emulator/} (classpath
 * {@code emulator/…}). None of this is secret: the private keys are committed test material, and every password
 * is a public constant.
 *
 * <pre>
 * ConfidentialClientApplication app = ConfidentialClientApplication
 *         .builder(EmulatorCredentials.DEFAULT_CLIENT_ID,
 *                 ClientCredentialFactory.createFromCertificate(EmulatorCredentials.clientPrivateKey(),
 *                         EmulatorCredentials.clientCertificate()))
 *         .authority(dv.authorityUrl()).instanceDiscovery(false)
 *         .sslSocketFactory(EmulatorCredentials.sslContext().getSocketFactory()).build();
 * </pre>
 */
public final class EmulatorCredentials {
    /** The directory (tenant) id every emulator answers for unless {@link EmulatorOptions#tenantId} says otherwise. */
    public static final String DEFAULT_TENANT_ID = "22222222-2222-4222-8222-222222222222";
    /** The verified domain of the emulator's tenant: user names end in it, the user-realm answer names it. */
    public static final String TENANT_DOMAIN = "emulator.test";

    /** The default app registration (client id), mapped to the integration user (the "Sync Integration" app user). */
    public static final String DEFAULT_CLIENT_ID = "11111111-1111-1111-1111-111111111111";
    /** The default app registration's client secret. */
    public static final String DEFAULT_CLIENT_SECRET = "emulator-secret";
    /** The default user for the password grant, mapped to the integration user too. */
    public static final String DEFAULT_USERNAME = "sync@" + TENANT_DOMAIN;
    public static final String DEFAULT_PASSWORD = "emulator-password";

    /** Classpath resource: the app registration certificate and its private key (PKCS12, one entry). */
    public static final String CLIENT_CERTIFICATE_RESOURCE = "emulator/client-certificate.p12";
    public static final String CLIENT_CERTIFICATE_PASSWORD = "dataverse-emulator";
    /** Classpath resource: the TLS server key and certificate (PKCS12) the emulator listens with. */
    public static final String SERVER_KEYSTORE_RESOURCE = "emulator/server-keystore.p12";
    public static final String SERVER_KEYSTORE_PASSWORD = "dataverse-emulator";
    /** Classpath resource: only the server certificate, as a trusted entry (PKCS12). */
    public static final String TRUST_STORE_RESOURCE = "emulator/truststore.p12";
    public static final String TRUST_STORE_PASSWORD = "dataverse-emulator";
    /** Classpath resource: the server certificate in PEM, for curl --cacert or NODE_EXTRA_CA_CERTS. */
    public static final String SERVER_CERTIFICATE_PEM_RESOURCE = "emulator/server-certificate.pem";

    private EmulatorCredentials() {
    }

    /** The client certificate of {@link #CLIENT_CERTIFICATE_RESOURCE}, registered for the default app. */
    public static X509Certificate clientCertificate() {
        return Holder.CLIENT.certificate();
    }

    /** The private key of {@link #CLIENT_CERTIFICATE_RESOURCE}, to sign client assertions with. */
    public static PrivateKey clientPrivateKey() {
        return Holder.CLIENT.key();
    }

    /** The emulator's TLS server certificate (self-signed, for localhost and 127.0.0.1). */
    public static X509Certificate serverCertificate() {
        return Holder.SERVER.certificate();
    }

    /** A new in-memory trust store holding just the server certificate. */
    public static KeyStore trustStore() {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("dataverse-emulator-server", serverCertificate());
            return ks;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the emulator's trust store", e);
        }
    }

    /**
     * A client {@link SSLContext} that trusts the emulator's certificate (and nothing else): for
     * {@code java.net.http.HttpClient.Builder.sslContext} or msal4j's {@code sslSocketFactory(ctx.getSocketFactory())}.
     */
    public static SSLContext sslContext() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trustStore());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build an SSLContext trusting the emulator", e);
        }
    }

    /** A key and its certificate read from one of the resources above. */
    record KeyPairEntry(PrivateKey key, X509Certificate certificate) {
    }

    /** Reads the single private-key entry of a PKCS12 classpath resource. */
    static KeyPairEntry load(String resource, String password) {
        try (InputStream in = EmulatorCredentials.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + resource);
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password.toCharArray());
            for (String alias : Collections.list(ks.aliases())) {
                if (ks.isKeyEntry(alias)) {
                    return new KeyPairEntry((PrivateKey) ks.getKey(alias, password.toCharArray()),
                            (X509Certificate) ks.getCertificate(alias));
                }
            }
            throw new IllegalStateException("no private key entry in " + resource);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }

    /** Loaded once, on first use. */
    private static final class Holder {
        static final KeyPairEntry CLIENT = load(CLIENT_CERTIFICATE_RESOURCE, CLIENT_CERTIFICATE_PASSWORD);
        static final KeyPairEntry SERVER = load(SERVER_KEYSTORE_RESOURCE, SERVER_KEYSTORE_PASSWORD);
    }
}
