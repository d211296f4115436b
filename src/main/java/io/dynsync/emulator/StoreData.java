package io.dynsync.emulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/** {@link EmulatorData} over the record store, with the Web API's body rules and result shapes. */
final class StoreData implements EmulatorData {
    private final RecordStore store;
    private final PayloadReader payloads;
    private final RecordRenderer renderer;

    StoreData(RecordStore store) {
        this.store = store;
        this.payloads = new PayloadReader(store);
        this.renderer = new RecordRenderer(store);
    }

    @Override
    public String create(String entitySet, Map<String, Object> body) {
        EntityDef def = def(entitySet);
        return translate(() -> {
            PayloadReader.Payload p = payloads.read(def, body);
            return store.create(def, p.id(), p.values()).id;
        });
    }

    @Override
    public void update(String entitySet, String id, Map<String, Object> body) {
        EntityDef def = def(entitySet);
        String key = id(id);
        translate(() -> store.update(def, key, payloads.read(def, body).values()));
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
