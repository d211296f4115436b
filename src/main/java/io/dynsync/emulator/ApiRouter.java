package io.dynsync.emulator;

import java.util.function.Supplier;

/** Which operation answers a request: the resource below the API root and the method decide. */
final class ApiRouter {
    private static final String QUALIFY_LEAD = "Microsoft.Dynamics.CRM.QualifyLead";

    private final ReadOperations reads;
    private final WriteOperations writes;
    private final FunctionCalls functions;
    private final ActionCalls actions;
    private final BatchExecutor batches;
    private final MetadataReads metadata;

    ApiRouter(RecordStore store, WriteHooks hooks, BatchExecutor batches) {
        this(store, hooks, batches, ChangeTracking.defaults(store, store.clock()));
    }

    ApiRouter(RecordStore store, WriteHooks hooks, BatchExecutor batches, ChangeTracking tracking) {
        RecordRenderer renderer = new RecordRenderer(store);
        PayloadReader payloads = new PayloadReader(store);
        this.reads = new ReadOperations(store, new QueryEngine(store), renderer, tracking);
        this.metadata = new MetadataReads(store.schema(), tracking);
        this.writes = new WriteOperations(store, payloads, reads, hooks);
        this.functions = new FunctionCalls(store);
        this.actions = new ActionCalls(store, payloads);
        this.batches = batches;
    }

    ApiResponse route(ApiRequest req, byte[] body) {
        String method = req.method();
        String segment = req.segment();
        if (req.set() == null) {
            switch (segment) {
                case "RetrieveTotalRecordCount":
                    return requireGet(req, () -> functions.retrieveTotalRecordCount(req));
                case "WhoAmI":
                    return requireGet(req, () -> functions.whoAmI(req));
                case "$batch":
                    return requirePost(req, () -> batches.execute(req, body));
                case "Merge":
                case "Microsoft.Dynamics.CRM.Merge":
                    return requirePost(req, () -> actions.merge(req, body));
                case "$metadata":
                    return requireGet(req, () -> metadata.csdl(req));
                case "":
                    return requireGet(req, () -> metadata.serviceDocument(req));
                case "EntityDefinitions":
                    return requireGet(req, () -> metadata.entityDefinitions(req));
                case "RelationshipDefinitions":
                case "GlobalOptionSetDefinitions":
                    throw DataverseError.notImplemented("Metadata (" + segment + ")");
                default:
                    throw DataverseError.segmentNotFound(segment);
            }
        }
        if (req.rest() != null) {
            if (req.key() == null && req.rest().equals("$count")) {
                return requireGet(req, () -> reads.count(req));
            }
            if (req.key() != null && req.rest().equals(QUALIFY_LEAD) && req.set().logicalName.equals("lead")) {
                return requirePost(req, () -> actions.qualifyLead(req, body));
            }
            throw DataverseError.notImplemented("'" + req.resource() + "'");
        }
        if (req.key() == null) {
            return switch (method) {
                case "GET" -> reads.collection(req);
                case "POST" -> writes.create(req, body);
                default -> throw DataverseError.methodNotAllowed(method);
            };
        }
        return switch (method) {
            case "GET" -> reads.record(req);
            case "PATCH" -> writes.upsert(req, body);
            case "DELETE" -> writes.delete(req);
            default -> throw DataverseError.methodNotAllowed(method);
        };
    }

    private static ApiResponse requireGet(ApiRequest req, Supplier<ApiResponse> op) {
        if (!req.method().equals("GET")) {
            throw DataverseError.methodNotAllowed(req.method());
        }
        return op.get();
    }

    private static ApiResponse requirePost(ApiRequest req, Supplier<ApiResponse> op) {
        if (!req.method().equals("POST")) {
            throw DataverseError.methodNotAllowed(req.method());
        }
        return op.get();
    }
}
