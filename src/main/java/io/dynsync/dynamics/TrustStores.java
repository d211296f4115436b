package io.dynsync.dynamics;

import java.security.KeyStore;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;

/**
 * The TLS trust of the Web API and token calls: the JVM's default, or a trust store of its own
 * ({@code sync.dynamics.trust-store}, for a private CA or the local emulator's test certificate).
 */
public final class TrustStores {

    private TrustStores() {
    }

    /** For the Web API endpoint (camel-http); plain http URLs work with it too. */
    public static SSLContextParameters sslContextParameters(String trustStore, String password) {
        SSLContextParameters parameters = new SSLContextParameters();
        if (trustStore != null && !trustStore.isBlank()) {
            KeyStoreParameters store = new KeyStoreParameters();
            store.setResource(trustStore.startsWith("classpath:") || trustStore.startsWith("file:") ? trustStore : "file:" + trustStore);
            store.setPassword(password == null || password.isBlank() ? null : password);
            store.setType("PKCS12");
            TrustManagersParameters trust = new TrustManagersParameters();
            trust.setKeyStore(store);
            parameters.setTrustManagers(trust);
        }
        return parameters;
    }

    /** For msal4j's token calls; null means the JVM's default. */
    static SSLContext sslContext(String trustStore, String password) {
        if (trustStore == null) {
            return null;
        }
        try {
            KeyStore store = Pkcs12.load(trustStore, password == null ? null : password.toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalArgumentException("sync.dynamics.trust-store: cannot read the trust store ("
                    + e.getClass().getSimpleName() + ")");
        }
    }
}
