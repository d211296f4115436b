package io.dynsync.emulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merge of two accounts, contacts or leads: the target takes the UpdateContent, every record that points at
 * the subordinate through a lookup (a contact's parent customer, an opportunity's customer or parent contact,
 * a lead's parent contact, …) is moved to the target, and the subordinate is deactivated — not deleted —
 * with {@code merged = true} and {@code masterid} = the target. All in one store transaction; change tracking
 * therefore sees updates only, as with Dataverse.
 */
final class RecordMerge {
    static final Set<String> MERGEABLE = Set.of("account", "contact", "lead");
    /**
     * Lookups that record history rather than parentage and so stay on the subordinate's side: where a record
     * came from, who merged into whom, and the system stamps.
     */
    private static final Set<String> NOT_REPARENTED = Set.of("originatingleadid", "masterid",
            Schema.CREATEDBY, Schema.MODIFIEDBY);

    private final RecordStore store;

    RecordMerge(RecordStore store) {
        this.store = store;
    }

    void merge(EntityDef def, String targetId, String subordinateId, Map<AttributeDef, Object> updateContent,
               String actorId) {
        if (!MERGEABLE.contains(def.logicalName)) {
            throw new DataverseError(400, DataverseError.INVALID_ARGUMENT, "Merge is not supported for entity '"
                    + def.logicalName + "'. Only account, contact and lead records can be merged.");
        }
        if (targetId.equals(subordinateId)) {
            throw new DataverseError(400, DataverseError.INVALID_ARGUMENT,
                    "The target and the subordinate of a merge must be different records.");
        }
        store.transaction(() -> {
            Row target = require(def, targetId);
            Row subordinate = require(def, subordinateId);
            AttributeDef merged = def.attributeByLogicalName("merged");
            if (Boolean.TRUE.equals(target.get(merged)) || Boolean.TRUE.equals(subordinate.get(merged))) {
                throw new DataverseError(400, DataverseError.INVALID_ARGUMENT, "A record that was already merged "
                        + "cannot take part in another merge.");
            }
            store.update(def, targetId, updateContent, actorId);
            Ref from = new Ref(def.logicalName, subordinateId);
            Ref to = new Ref(def.logicalName, targetId);
            reparentChildren(from, to, actorId);
            Map<AttributeDef, Object> deactivate = new LinkedHashMap<>();
            // a merged lead ends Disqualified/Canceled (its statecode 1 would mean Qualified);
            // accounts and contacts end Inactive/Inactive
            boolean lead = def.logicalName.equals("lead");
            deactivate.put(def.attributeByLogicalName("statecode"), lead ? 2 : 1);
            deactivate.put(def.attributeByLogicalName("statuscode"), lead ? 7 : 2);
            deactivate.put(merged, true);
            deactivate.put(def.attributeByLogicalName("masterid"), to);
            store.update(def, subordinateId, deactivate, actorId);
            return null;
        });
    }

    private Row require(EntityDef def, String id) {
        Row row = store.get(def, id);
        if (row == null) {
            throw DataverseError.recordNotFound(def, id);
        }
        return row;
    }

    /** Points every lookup that names {@code from} at {@code to}, one update per child record. */
    private void reparentChildren(Ref from, Ref to, String actorId) {
        for (EntityDef table : store.schema().all()) {
            List<AttributeDef> lookups = new ArrayList<>();
            for (AttributeDef a : table.attributes) {
                if (a.isLookup() && a.targets().contains(from.logicalName()) && !NOT_REPARENTED.contains(a.name())) {
                    lookups.add(a);
                }
            }
            if (lookups.isEmpty()) {
                continue;
            }
            // collect first: updating while iterating a live table view would revisit rewritten rows
            List<Map.Entry<String, Map<AttributeDef, Object>>> moves = new ArrayList<>();
            for (Row row : store.rows(table).values()) {
                Map<AttributeDef, Object> changes = new LinkedHashMap<>();
                for (AttributeDef a : lookups) {
                    if (from.equals(row.get(a))) {
                        changes.put(a, to);
                    }
                }
                // the two merged records keep their own lookups: the subordinate is closed anyway, and pointing
                // the target at itself would make it its own parent
                if (!changes.isEmpty() && !row.id.equals(from.id()) && !row.id.equals(to.id())) {
                    moves.add(Map.entry(row.id, changes));
                }
            }
            for (Map.Entry<String, Map<AttributeDef, Object>> move : moves) {
                store.update(table, move.getKey(), move.getValue(), actorId);
            }
        }
    }
}
