package io.dynsync.emulator;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * POST (create), PATCH (update/upsert) and DELETE on entity sets, with Dataverse's status codes and etags.
 * Each write runs in its own store transaction together with the write hooks it triggers, so a failing hook
 * undoes the write, and a $batch change set that encloses it can undo both.
 */
final class WriteOperations {
    private final RecordStore store;
    private final PayloadReader payloads;
    private final ReadOperations reads;
    private final WriteHooks hooks;

    WriteOperations(RecordStore store, PayloadReader payloads, ReadOperations reads, WriteHooks hooks) {
        this.store = store;
        this.payloads = payloads;
        this.reads = reads;
        this.hooks = hooks;
    }

    ApiResponse create(ApiRequest req, byte[] body) {
        EntityDef def = req.set();
        ReadOperations.checkOptions(req, Set.of("$select", "$expand"));
        Map<String, Object> json = HttpIo.readJsonObject(body);
        Row row = store.transaction(() -> {
            PayloadReader.Payload p = payloads.read(def, json);
            Row written = store.create(def, p.id(), p.values(), req.callerId());
            hooks.afterWrite(def, written.id, json, req.callerId());
            return written;
        });
        return written(req, def, row, 201);
    }

    ApiResponse upsert(ApiRequest req, byte[] body) {
        EntityDef def = req.set();
        String id = req.recordId();
        ReadOperations.checkOptions(req, Set.of("$select", "$expand"));
        Precondition pre = Precondition.of(req.header("If-Match"), req.header("If-None-Match"));
        Map<String, Object> json = HttpIo.readJsonObject(body);
        RecordStore.WriteResult w = store.transaction(() -> {
            PayloadReader.Payload p = payloads.read(def, json);
            RecordStore.WriteResult result = store.upsert(def, id, p.values(), pre, req.callerId());
            hooks.afterWrite(def, id, json, req.callerId());
            return result;
        });
        return written(req, def, w.row(), w.created() ? 201 : 200);
    }

    ApiResponse delete(ApiRequest req) {
        EntityDef def = req.set();
        String id = req.recordId();
        Precondition pre = Precondition.of(req.header("If-Match"), null);
        store.delete(def, id, pre);
        return new ApiResponse(204);
    }

    /**
     * 204 with OData-EntityId, or the record itself with Prefer: return=representation. Either describes the
     * row as this request wrote it, before any hook changed it again.
     */
    private ApiResponse written(ApiRequest req, EntityDef def, Row row, int representationStatus) {
        String etag = Precondition.etag(row.version(def));
        ApiResponse r;
        if (req.prefs().returnRepresentation()) {
            String selectText = req.query().get("$select");
            List<AttributeDef> select = ReadOperations.select(def, selectText);
            Annotations annotations = req.prefs().annotations();
            r = ApiResponse.json(representationStatus,
                    reads.entityBody(req, def, row, select, selectText, annotations));
            r.header("ETag", etag);
            ReadOperations.applied(req, r, null, annotations, true);
        } else {
            r = new ApiResponse(204);
            r.header("OData-EntityId", req.apiRoot() + "/" + def.entitySet + "(" + row.id + ")");
            r.header("ETag", etag);
        }
        r.entityPath = def.entitySet + "(" + row.id + ")";
        return r;
    }
}
