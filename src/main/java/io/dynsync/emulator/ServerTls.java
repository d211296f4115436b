package io.dynsync.emulator;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The listening socket with TLS: the committed test certificate of
 * {@link EmulatorCredentials#SERVER_KEYSTORE_RESOURCE}. {@link MiniHttpServer} serves an {@code SSLServerSocket}
 * like a plain one; the handshake happens on each connection's worker thread at its first read.
 */
final class ServerTls {
    private ServerTls() {
    }

    static ServerSocket bind(InetSocketAddress address, int backlog) throws IOException {
        ServerSocket socket = serverContext().getServerSocketFactory().createServerSocket();
        socket.setReuseAddress(true);
        socket.bind(address, backlog);
        return socket;
    }

    private static SSLContext serverContext() {
        try {
            EmulatorCredentials.KeyPairEntry server = EmulatorCredentials.load(
                    EmulatorCredentials.SERVER_KEYSTORE_RESOURCE, EmulatorCredentials.SERVER_KEYSTORE_PASSWORD);
            char[] password = EmulatorCredentials.SERVER_KEYSTORE_PASSWORD.toCharArray();
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", server.key(), password, new java.security.cert.Certificate[] {server.certificate()});
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot set up the emulator's TLS server context", e);
        }
    }
}
