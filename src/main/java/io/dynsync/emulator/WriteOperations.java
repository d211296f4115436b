package io.dynsync.emulator;

import java.util.List;
import java.util.Set;

/** POST (create), PATCH (update/upsert) and DELETE on entity sets, with Dataverse's status codes and etags. */
final class WriteOperations {
    private final RecordStore store;
    private final PayloadReader payloads;
    private final ReadOperations reads;

    WriteOperations(RecordStore store, PayloadReader payloads, ReadOperations reads) {
        this.store = store;
        this.payloads = payloads;
        this.reads = reads;
    }

    ApiResponse create(ApiRequest req, byte[] body) {
        EntityDef def = req.set();
        ReadOperations.checkOptions(req, Set.of("$select", "$expand"));
        PayloadReader.Payload p = payloads.read(def, HttpIo.readJsonObject(body));
        Row row = store.create(def, p.id(), p.values());
        return written(req, def, row, true, 201);
    }

    ApiResponse upsert(ApiRequest req, byte[] body) {
        EntityDef def = req.set();
        String id = req.recordId();
        ReadOperations.checkOptions(req, Set.of("$select", "$expand"));
        Precondition pre = Precondition.of(req.header("If-Match"), req.header("If-None-Match"));
        PayloadReader.Payload p = payloads.read(def, HttpIo.readJsonObject(body));
        RecordStore.WriteResult w = store.upsert(def, id, p.values(), pre);
        return written(req, def, w.row(), w.created(), w.created() ? 201 : 200);
    }

    ApiResponse delete(ApiRequest req) {
        EntityDef def = req.set();
        String id = req.recordId();
        Precondition pre = Precondition.of(req.header("If-Match"), null);
        store.delete(def, id, pre);
        return new ApiResponse(204);
    }

    /** 204 with OData-EntityId, or the record itself with Prefer: return=representation. */
    private ApiResponse written(ApiRequest req, EntityDef def, Row row, boolean created, int representationStatus) {
        String etag = Precondition.etag(row.version(def));
        if (req.prefs().returnRepresentation()) {
            String selectText = req.query().get("$select");
            List<AttributeDef> select = ReadOperations.select(def, selectText);
            Annotations annotations = req.prefs().annotations();
            ApiResponse r = ApiResponse.json(representationStatus,
                    reads.entityBody(req, def, row, select, selectText, annotations));
            r.header("ETag", etag);
            ReadOperations.applied(req, r, null, annotations, true);
            return r;
        }
        ApiResponse r = new ApiResponse(204);
        r.header("OData-EntityId", req.apiRoot() + "/" + def.entitySet + "(" + row.id + ")");
        r.header("ETag", etag);
        return r;
    }

}
