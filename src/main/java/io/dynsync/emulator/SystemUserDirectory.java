package io.dynsync.emulator;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Finds or creates the systemusers that app registrations and users act as, the way an administrator sets up
 * Dataverse: an application user per app registration (a systemuser with {@code applicationid} = the client
 * id), a user per sign-in name (matched on {@code internalemailaddress}). Created users get ids derived from the
 * client id or name, so a restarted emulator agrees with itself.
 */
final class SystemUserDirectory implements IdentityProvider.Directory {
    private final RecordStore store;
    private final EntityDef users;

    SystemUserDirectory(RecordStore store) {
        this.store = store;
        this.users = store.schema().bySet("systemusers");
    }

    @Override
    public String applicationUser(String clientId) {
        String appId = Guids.normalize(clientId);
        if (appId == null) {
            throw new IllegalArgumentException("an application user needs a GUID client id, got '" + clientId + "'");
        }
        AttributeDef applicationId = users.attributeByLogicalName("applicationid");
        return store.transaction(() -> {
            for (Row r : store.rows(users).values()) {
                if (appId.equals(r.get(applicationId))) {
                    return r.id;
                }
            }
            Map<AttributeDef, Object> v = new LinkedHashMap<>();
            v.put(users.attributeByLogicalName("firstname"), "#");
            v.put(users.attributeByLogicalName("lastname"), "Application " + appId.substring(0, 8));
            v.put(applicationId, appId);
            return store.create(users, fixedId("application-user:" + appId), v, BuiltInUsers.HUMAN_USER_ID).id;
        });
    }

    @Override
    public String userFor(String username) {
        String name = username.trim();
        AttributeDef email = users.attributeByLogicalName("internalemailaddress");
        return store.transaction(() -> {
            for (Row r : store.rows(users).values()) {
                if (r.get(email) instanceof String s && s.equalsIgnoreCase(name)) {
                    return r.id;
                }
            }
            String local = name.substring(0, name.indexOf('@'));
            String[] parts = local.split("[._-]+", 2);
            Map<AttributeDef, Object> v = new LinkedHashMap<>();
            v.put(users.attributeByLogicalName("firstname"), parts.length > 1 ? capitalized(parts[0]) : null);
            v.put(users.attributeByLogicalName("lastname"), capitalized(parts[parts.length - 1]));
            v.put(email, name);
            String id = fixedId("user:" + name.toLowerCase(Locale.ROOT));
            return store.create(users, id, v, BuiltInUsers.HUMAN_USER_ID).id;
        });
    }

    @Override
    public String displayName(String systemUserId) {
        Row r = store.get(users, systemUserId);
        return r == null ? null : (String) r.get(users.attributeByLogicalName("fullname"));
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String fixedId(String name) {
        return UUID.nameUUIDFromBytes(("dataverse-emulator-" + name).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
