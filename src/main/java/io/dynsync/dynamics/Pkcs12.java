package io.dynsync.dynamics;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;

/** A PKCS12 file named by a setting: {@code classpath:…}, {@code file:…} or a plain path. */
final class Pkcs12 {

    private Pkcs12() {
    }

    /** @throws IllegalArgumentException "not found" when there is no such file or resource */
    static KeyStore load(String location, char[] password) throws Exception {
        try (InputStream in = location.startsWith("classpath:")
                ? Pkcs12.class.getClassLoader().getResourceAsStream(location.substring("classpath:".length()))
                : Files.newInputStream(Path.of(location.replaceFirst("^file:", "")))) {
            if (in == null) {
                throw new IllegalArgumentException("not found");
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            return store;
        }
    }
}
