package io.dynsync.emulator;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The two systemusers every emulator has, whatever the seed counts: the application user the sync signs in as,
 * and a human who edits records through the test data API. Fixed ids, so tests, demos and a restarted
 * emulator agree on them; a test tells a sync write from a human edit by {@code _modifiedby_value}.
 */
final class BuiltInUsers {
    static final String INTEGRATION_USER_ID = fixedId("dataverse-emulator-integration-user");
    static final String INTEGRATION_FIRST = "Sync";
    static final String INTEGRATION_LAST = "Integration";
    static final String INTEGRATION_EMAIL = "sync.integration@contoso.example";

    static final String HUMAN_USER_ID = fixedId("dataverse-emulator-human-user");
    static final String HUMAN_FIRST = "Dana";
    static final String HUMAN_LAST = "Human";
    static final String HUMAN_EMAIL = "dana.human@contoso.example";

    private BuiltInUsers() {
    }

    static Ref ref(String systemUserId) {
        return systemUserId == null ? null : new Ref("systemuser", systemUserId);
    }

    private static String fixedId(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
