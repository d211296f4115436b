package io.dynsync.store;

import java.util.Collections;

/** SQL text helpers shared by the store classes. */
final class Sql {

    /** Ids per IN list: well under every driver's bind-parameter limit. */
    static final int IN_CHUNK = 500;

    private Sql() {
    }

    static String placeholders(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }
}
