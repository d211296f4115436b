package io.dynsync.emulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * {@link EmulatorData} over the record store, with the Web API's body rules and result shapes. Writes act as
 * the human user, or inside a write hook as the caller whose request triggered it.
 */
final class StoreData implements EmulatorData {
    private final RecordStore store;
    private final PayloadReader payloads;
    private final RecordRenderer renderer;
    private final WriteHooks hooks;
    private final LeadQualification qualification;
    private final RecordMerge merges;

    StoreData(RecordStore store) {
        this(store, new WriteHooks());
    }

    StoreData(RecordStore store, WriteHooks hooks) {
        this.store = store;
        this.payloads = new PayloadReader(store);
        this.renderer = new RecordRenderer(store);
        this.hooks = hooks;
        this.qualification = new LeadQualification(store);
        this.merges = new RecordMerge(store);
    }

    @Override
    public String create(String entitySet, Map<String, Object> body) {
        EntityDef def = def(entitySet);
        return translate(() -> {
            PayloadReader.Payload p = payloads.read(def, body);
            return store.create(def, p.id(), p.values(), actor()).id;
        });
    }

    @Override
    public void update(String entitySet, String id, Map<String, Object> body) {
        EntityDef def = def(entitySet);
        String key = id(id);
        translate(() -> store.update(def, key, payloads.read(def, body).values(), actor()));
    }

    @Override
    public void delete(String entitySet, String id) {
        EntityDef def = def(entitySet);
        String key = id(id);
        translate(() -> {
            store.delete(def, key, Precondition.NONE);
            return null;
        });
    }

    @Override
    public Optional<Map<String, Object>> get(String entitySet, String id) {
        EntityDef def = def(entitySet);
        Row row = store.get(def, id(id));
        return Optional.ofNullable(row).map(r -> toMap(def, r));
    }

    @Override
    public List<Map<String, Object>> list(String entitySet) {
        EntityDef def = def(entitySet);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Row r : store.rows(def).values()) {
            out.add(toMap(def, r));
        }
        return out;
    }

    @Override
    public int count(String entitySet) {
        return store.count(def(entitySet));
    }

    @Override
    public Set<String> entitySets() {
        Set<String> out = new LinkedHashSet<>();
        store.schema().all().forEach(d -> out.add(d.entitySet));
        return out;
    }

    @Override
    public String primaryKey(String entitySet) {
        return def(entitySet).primaryId;
    }

    @Override
    public QualifiedLead qualifyLead(String leadId, boolean account, boolean contact, boolean opportunity) {
        String key = id(leadId);
        return translate(() -> qualification.qualify(key, new LeadQualification.Request(account, contact,
                opportunity, LeadQualification.QUALIFIED_STATUS, null), actor()));
    }

    @Override
    public void merge(String entitySet, String targetId, String subordinateId) {
        EntityDef def = def(entitySet);
        String target = id(targetId);
        String subordinate = id(subordinateId);
        translate(() -> {
            merges.merge(def, target, subordinate, Map.of(), actor());
            return null;
        });
    }

    @Override
    public HookRegistration onWrite(String entitySet, BiConsumer<String, Map<String, Object>> hook) {
        def(entitySet);
        return hooks.add(entitySet, Objects.requireNonNull(hook, "hook"));
    }

    /** The human user, except inside a write hook, which acts for the request that triggered it. */
    private String actor() {
        String caller = hooks.callerInHook();
        return caller != null ? caller : BuiltInUsers.HUMAN_USER_ID;
    }

    /** A record as a GET with all annotations would show it. */
    Map<String, Object> toMap(EntityDef def, Row row) {
        Map<String, Object> m = new LinkedHashMap<>();
        renderer.render(def, row, null, Annotations.ALL, m::put);
        return m;
    }

    EntityDef def(String entitySet) {
        EntityDef def = store.schema().bySet(entitySet);
        if (def == null) {
            throw new IllegalArgumentException("Resource not found for the segment '" + entitySet + "'.");
        }
        return def;
    }

    private static String id(String id) {
        String g = Guids.normalize(id);
        if (g == null) {
            throw new IllegalArgumentException("not a GUID: '" + id + "'");
        }
        return g;
    }

    private interface Op<T> {
        T run();
    }

    /** Dataverse errors become the Java exceptions the interface documents. */
    private static <T> T translate(Op<T> op) {
        try {
            return op.run();
        } catch (DataverseError e) {
            if (e.status == 404) {
                throw new NoSuchElementException(e.getMessage());
            }
            throw new IllegalArgumentException(e.getMessage() + " (" + e.status + " " + e.code + ")", e);
        }
    }
}
