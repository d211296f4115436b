package io.dynsync.emulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Web API's side of the domain actions: the bound action {@code leads(<id>)/Microsoft.Dynamics.CRM.QualifyLead}
 * and the unbound {@code Merge}. Reads and checks the action parameters as Dataverse's OData layer does
 * (unknown or missing parameters are 400s), then hands over to {@link LeadQualification} and {@link RecordMerge}.
 */
final class ActionCalls {
    private static final String NAMESPACE = "Microsoft.Dynamics.CRM.";
    private static final List<String> QUALIFY_REQUIRED = List.of("CreateAccount", "CreateContact",
            "CreateOpportunity", "Status");
    /** Accepted but not acted on: linking existing records, currency, campaign, business process. */
    private static final Set<String> QUALIFY_IGNORED = Set.of("OpportunityCurrencyId", "SourceCampaignId",
            "ProcessInstanceId", "SuppressDuplicateDetection");
    private static final Set<String> MERGE_PARAMETERS = Set.of("Target", "Subordinate", "UpdateContent",
            "PerformParentingChecks");

    private final RecordStore store;
    private final PayloadReader payloads;
    private final LeadQualification qualification;
    private final RecordMerge merges;

    ActionCalls(RecordStore store, PayloadReader payloads) {
        this.store = store;
        this.payloads = payloads;
        this.qualification = new LeadQualification(store);
        this.merges = new RecordMerge(store);
    }

    /** 200 with the created records as a collection of crmbaseentity, each with its type and key. */
    ApiResponse qualifyLead(ApiRequest req, byte[] body) {
        String leadId = req.recordId();
        Map<String, Object> p = HttpIo.readJsonObject(body);
        checkParameters(p, "QualifyLead", QUALIFY_REQUIRED, null);
        Ref customer = p.get("OpportunityCustomerId") == null ? null
                : reference(p.get("OpportunityCustomerId"), "OpportunityCustomerId", Set.of("account", "contact"));
        LeadQualification.Request request = new LeadQualification.Request(bool(p, "CreateAccount"),
                bool(p, "CreateContact"), bool(p, "CreateOpportunity"), integer(p, "Status"), customer);
        QualifiedLead created = qualification.qualify(leadId, request, req.callerId());

        List<Object> value = new ArrayList<>();
        addCreated(value, "account", created.accountId());
        addCreated(value, "contact", created.contactId());
        addCreated(value, "opportunity", created.opportunityId());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("@odata.context", req.apiRoot() + "/$metadata#Collection(Microsoft.Dynamics.CRM.crmbaseentity)");
        out.put("value", value);
        return ApiResponse.json(200, ODataJson.tree(out));
    }

    /** 204; see {@link RecordMerge} for the effects. */
    ApiResponse merge(ApiRequest req, byte[] body) {
        Map<String, Object> p = HttpIo.readJsonObject(body);
        checkParameters(p, "Merge", List.of("Target", "Subordinate"), MERGE_PARAMETERS);
        Ref target = reference(p.get("Target"), "Target", RecordMerge.MERGEABLE);
        Ref subordinate = reference(p.get("Subordinate"), "Subordinate", RecordMerge.MERGEABLE);
        if (!target.logicalName().equals(subordinate.logicalName())) {
            throw new DataverseError(400, DataverseError.INVALID_ARGUMENT, "The Target ('" + target.logicalName()
                    + "') and the Subordinate ('" + subordinate.logicalName()
                    + "') of a merge must be of the same type.");
        }
        EntityDef def = store.schema().byLogicalName(target.logicalName());
        Object content = p.get("UpdateContent");
        Map<AttributeDef, Object> update = Map.of();
        if (content != null) {
            if (!(content instanceof Map<?, ?> m)) {
                throw DataverseError.badRequest("The parameter 'UpdateContent' must be an entity object.");
            }
            String type = typeOf(m);
            if (type != null && !type.equals(def.logicalName)) {
                throw DataverseError.badRequest("UpdateContent is a '" + type + "' but the merged records are '"
                        + def.logicalName + "' records.");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = new LinkedHashMap<>((Map<String, Object>) m);
            fields.remove(def.primaryId); // the target's own key is no change
            update = payloads.read(def, fields).values();
        }
        if (p.get("PerformParentingChecks") != null && !(p.get("PerformParentingChecks") instanceof Boolean)) {
            throw DataverseError.badRequest("The parameter 'PerformParentingChecks' must be a Boolean.");
        }
        merges.merge(def, target.id(), subordinate.id(), update, req.callerId());
        return new ApiResponse(204);
    }

    /** Unknown parameters and missing required ones, with the messages of Dataverse's OData layer. */
    private static void checkParameters(Map<String, Object> p, String action, List<String> required,
                                        Set<String> allowed) {
        for (String name : p.keySet()) {
            boolean known = allowed != null ? allowed.contains(name)
                    : required.contains(name) || QUALIFY_IGNORED.contains(name) || name.equals("OpportunityCustomerId");
            if (!known) {
                throw DataverseError.badRequest("The parameter '" + name + "' in the request payload is not a valid "
                        + "parameter for the operation '" + action + "'.");
            }
        }
        List<String> missing = required.stream().filter(n -> p.get(n) == null).toList();
        if (!missing.isEmpty()) {
            throw DataverseError.badRequest("One or more parameters of the operation '" + action + "' are missing "
                    + "from the request payload. The missing parameters are: " + String.join(", ", missing) + ".");
        }
    }

    private static boolean bool(Map<String, Object> p, String name) {
        if (p.get(name) instanceof Boolean b) {
            return b;
        }
        throw DataverseError.badRequest("Cannot convert the literal '" + p.get(name) + "' to the expected type "
                + "'Edm.Boolean' of the parameter '" + name + "'.");
    }

    private static int integer(Map<String, Object> p, String name) {
        Object v = p.get(name);
        if (v instanceof Integer || v instanceof Long) {
            return ((Number) v).intValue();
        }
        throw DataverseError.badRequest("Cannot convert the literal '" + v + "' to the expected type "
                + "'Edm.Int32' of the parameter '" + name + "'.");
    }

    /** {"@odata.type":"Microsoft.Dynamics.CRM.contact","contactid":"…"} as a reference to an existing row type. */
    private Ref reference(Object value, String name, Set<String> allowedTypes) {
        if (!(value instanceof Map<?, ?> m)) {
            throw DataverseError.badRequest("The parameter '" + name + "' must be an entity object with "
                    + "'@odata.type' and its primary key.");
        }
        String type = typeOf(m);
        EntityDef def = type == null ? null : store.schema().byLogicalName(type);
        if (def == null || !allowedTypes.contains(def.logicalName)) {
            throw DataverseError.badRequest("The parameter '" + name + "' has the type '" + m.get("@odata.type")
                    + "'; expected one of " + allowedTypes.stream().sorted().map(t -> NAMESPACE + t).toList() + ".");
        }
        Object key = m.get(def.primaryId);
        String id = key instanceof String s ? Guids.normalize(s) : null;
        if (id == null) {
            throw DataverseError.badRequest("The parameter '" + name + "' needs the primary key '" + def.primaryId
                    + "' as a GUID.");
        }
        return new Ref(def.logicalName, id);
    }

    /** The logical name an entity parameter's @odata.type names ("#Microsoft.Dynamics.CRM.x" or without '#'). */
    private static String typeOf(Map<?, ?> entity) {
        Object t = entity.get("@odata.type");
        if (!(t instanceof String s)) {
            return null;
        }
        String type = s.startsWith("#") ? s.substring(1) : s;
        return type.startsWith(NAMESPACE) ? type.substring(NAMESPACE.length()) : null;
    }

    private void addCreated(List<Object> value, String logicalName, String id) {
        if (id == null) {
            return;
        }
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("@odata.type", "#" + NAMESPACE + logicalName);
        e.put(store.schema().byLogicalName(logicalName).primaryId, id);
        value.add(e);
    }
}
