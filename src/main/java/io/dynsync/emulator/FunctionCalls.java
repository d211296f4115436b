package io.dynsync.emulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Unbound functions: RetrieveTotalRecordCount and WhoAmI. */
final class FunctionCalls {
    private static final Pattern ENTITY_NAMES = Pattern.compile("^\\s*EntityNames\\s*=\\s*(.*?)\\s*$");
    private static final Pattern QUOTED = Pattern.compile("'((?:[^']|'')*)'|\"([^\"]*)\"");
    /** Fixed ids, so WhoAmI answers the same in every run. */
    static final String ORGANIZATION_ID = UUID.nameUUIDFromBytes("dataverse-emulator-org".getBytes()).toString();
    static final String BUSINESS_UNIT_ID = UUID.nameUUIDFromBytes("dataverse-emulator-bu".getBytes()).toString();

    private final RecordStore store;

    FunctionCalls(RecordStore store) {
        this.store = store;
    }

    /**
     * {@code RetrieveTotalRecordCount(EntityNames=['lead','contact'])} or with a parameter alias
     * {@code (EntityNames=@p1)?@p1=['lead']}. Exact counts, unlike @odata.count.
     */
    ApiResponse retrieveTotalRecordCount(ApiRequest req) {
        String args = req.key() == null ? "" : req.key();
        Matcher m = ENTITY_NAMES.matcher(args);
        if (!m.matches()) {
            throw DataverseError.badRequest("RetrieveTotalRecordCount needs the parameter EntityNames, e.g. "
                    + "RetrieveTotalRecordCount(EntityNames=['lead']).");
        }
        String list = m.group(1);
        if (list.startsWith("@")) {
            list = req.query().get(list);
            if (list == null) {
                throw DataverseError.badRequest("The parameter alias '" + m.group(1) + "' was not found in the request.");
            }
        }
        list = list.trim();
        if (!list.startsWith("[") || !list.endsWith("]")) {
            throw DataverseError.badRequest("EntityNames must be a collection such as ['lead','contact'].");
        }
        List<String> keys = new ArrayList<>();
        List<Long> values = new ArrayList<>();
        Matcher q = QUOTED.matcher(list);
        while (q.find()) {
            String name = q.group(1) != null ? q.group(1).replace("''", "'") : q.group(2);
            EntityDef def = store.schema().byLogicalName(name);
            if (def == null) {
                throw new DataverseError(404, "0x80041102", "The entity with a name = '" + name
                        + "' with namemapping = 'Logical' was not found in the MetadataCache.");
            }
            keys.add(name);
            values.add((long) store.count(def));
        }
        Map<String, Object> collection = new LinkedHashMap<>();
        collection.put("Count", keys.size());
        collection.put("IsReadOnly", false);
        collection.put("Keys", keys);
        collection.put("Values", values);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("@odata.context", req.apiRoot() + "/$metadata#Microsoft.Dynamics.CRM.RetrieveTotalRecordCountResponse");
        body.put("EntityRecordCountCollection", collection);
        return ApiResponse.json(200, ODataJson.tree(body));
    }

    /** The caller's own systemuser id: the integration user, or the user a token was registered for. */
    ApiResponse whoAmI(ApiRequest req) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("@odata.context", req.apiRoot() + "/$metadata#Microsoft.Dynamics.CRM.WhoAmIResponse");
        body.put("BusinessUnitId", BUSINESS_UNIT_ID);
        body.put("UserId", req.callerId());
        body.put("OrganizationId", ORGANIZATION_ID);
        return ApiResponse.json(200, ODataJson.tree(body));
    }
}
