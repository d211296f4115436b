package io.dynsync.emulator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * GET on an entity set: collection pages (including the initial load of change tracking), {@code /$count}, and
 * single records. deltaLinks go to {@link DeltaReads}.
 */
final class ReadOperations {
    /** Query options Dataverse understands on a collection; anything else starting with '$' is refused. */
    private static final Set<String> COLLECTION_OPTIONS = Set.of("$select", "$filter", "$orderby", "$top", "$count",
            "$skiptoken", "$expand", "$apply");
    private static final Set<String> UNSUPPORTED = Set.of("$skip", "$search", "$format");

    private final RecordStore store;
    private final QueryEngine engine;
    private final RecordRenderer renderer;
    private final ChangeTracking tracking;
    private final DeltaReads deltas;

    ReadOperations(RecordStore store, QueryEngine engine, RecordRenderer renderer) {
        this(store, engine, renderer, ChangeTracking.defaults(store, store.clock()));
    }

    ReadOperations(RecordStore store, QueryEngine engine, RecordRenderer renderer, ChangeTracking tracking) {
        this.store = store;
        this.engine = engine;
        this.renderer = renderer;
        this.tracking = tracking;
        this.deltas = new DeltaReads(store, tracking, renderer);
    }

    ApiResponse collection(ApiRequest req) {
        EntityDef def = req.set();
        if (req.query().containsKey("$deltatoken")) {
            return deltas.read(req);
        }
        String skiptoken = req.query().get("$skiptoken");
        // a change-tracking load: asked for by the Prefer header, or continued by a tracking cookie (clients need
        // not repeat the header on nextLinks)
        boolean tracked = skiptoken != null ? skiptoken.contains("istracking=\"True\"") : req.prefs().trackChanges();
        if (tracked) {
            tracking.requireEnabled(def);
            ChangeTracking.refuseQueryOptions(req);
        }
        checkOptions(req, COLLECTION_OPTIONS);
        String selectText = req.query().get("$select");
        List<AttributeDef> select = select(def, selectText);
        RowFilter filter = filter(req, def);
        OrderBy order = OrderBy.parse(def, req.query().get("$orderby"));
        boolean count = countOption(req);
        Integer top = top(req);
        Integer maxPage = req.prefs().maxPageSize();

        // $top is ignored once the client asks for pages; without either, pages of 5000
        boolean paged = maxPage != null || top == null;
        int limit = maxPage != null ? maxPage : top != null ? Math.min(top, QueryEngine.MAX_PAGE) : QueryEngine.MAX_PAGE;

        PagingCookie.Position position = null;
        if (skiptoken != null) {
            position = PagingCookie.decode(skiptoken, order);
        }
        // the token is taken before the first page is read, so changes made while the client pages are in the delta
        DeltaToken deltaToken = !tracked ? null : position != null ? position.tracking() : tracking.snapshot();
        if (deltaToken != null) {
            tracking.requireLive(deltaToken);
        }
        QueryEngine.Result result = engine.run(def, filter, order, position == null ? null : position.lastValues(),
                limit, count);

        Annotations annotations = req.prefs().annotations();
        Map<String, Object> before = new LinkedHashMap<>();
        if (count) {
            before.put("@odata.count", Math.min(result.count(), QueryEngine.MAX_PAGE));
        }
        if (annotations.includes(Annotations.TOTAL_COUNT)) {
            before.put("@" + Annotations.TOTAL_COUNT, count ? Math.min(result.count(), QueryEngine.MAX_PAGE) : -1);
        }
        if (annotations.includes(Annotations.TOTAL_COUNT_EXCEEDED)) {
            before.put("@" + Annotations.TOTAL_COUNT_EXCEEDED, count && result.count() > QueryEngine.MAX_PAGE);
        }
        String nextLink = null;
        if (paged && result.hasMore()) {
            int nextPage = position == null ? 2 : position.pageNumber() + 1;
            List<Row> rows = result.rows();
            String cookie = PagingCookie.encode(nextPage, order, rows.get(0), rows.get(rows.size() - 1), deltaToken);
            String query = HttpIo.withoutOption(req.rawQuery(), "$skiptoken");
            nextLink = req.apiRoot().substring(0, req.apiRoot().indexOf("/api/data/")) + req.rawPath() + "?"
                    + (query.isEmpty() ? "" : query + "&") + "$skiptoken=" + cookie;
        }
        if (deltaToken != null && nextLink == null) {
            // the deltaLink comes on the last page only
            before.put("@odata.deltaLink", ChangeTracking.deltaLink(req, deltaToken));
        }
        byte[] body = ODataJson.collection(context(req, def, selectText, false), before, result.rows(), def,
                select, annotations, renderer, nextLink);
        ApiResponse r = ApiResponse.json(200, body);
        r.rows = result.rows().size();
        r.hasNextLink = nextLink != null;
        applied(req, r, maxPage, annotations, false);
        if (tracked) {
            String applied = r.headers.get("Preference-Applied");
            r.header("Preference-Applied", "odata.track-changes" + (applied == null ? "" : "," + applied));
        }
        return r;
    }

    ApiResponse count(ApiRequest req) {
        EntityDef def = req.set();
        checkOptions(req, Set.of("$filter"));
        RowFilter filter = filter(req, def);
        QueryEngine.Result result = engine.run(def, filter, OrderBy.parse(def, null), null, 0, true);
        ApiResponse r = new ApiResponse(200);
        r.contentType = "text/plain; charset=utf-8";
        r.body = Integer.toString(Math.min(result.count(), QueryEngine.MAX_PAGE)).getBytes(StandardCharsets.UTF_8);
        return r;
    }

    ApiResponse record(ApiRequest req) {
        EntityDef def = req.set();
        String id = req.recordId();
        checkOptions(req, Set.of("$select", "$expand"));
        String selectText = req.query().get("$select");
        List<AttributeDef> select = select(def, selectText);
        Row row = store.get(def, id);
        if (row == null) {
            throw DataverseError.recordNotFound(def, id);
        }
        String etag = Precondition.etag(row.version(def));
        Annotations annotations = req.prefs().annotations();
        String ifNoneMatch = req.header("If-None-Match");
        if (ifNoneMatch != null && !annotations.any() && ifNoneMatch.trim().equals(etag)) {
            return new ApiResponse(304).header("ETag", etag);
        }
        ApiResponse r = ApiResponse.json(200, entityBody(req, def, row, select, selectText, annotations));
        r.header("ETag", etag);
        applied(req, r, null, annotations, false);
        return r;
    }

    /** A single record's JSON (…/$entity context), also used by writes with return=representation. */
    byte[] entityBody(ApiRequest req, EntityDef def, Row row, List<AttributeDef> select, String selectText,
                      Annotations annotations) {
        return ODataJson.entity(context(req, def, selectText, true), row, def, select, annotations, renderer);
    }

    static List<AttributeDef> select(EntityDef def, String selectText) {
        if (selectText == null || selectText.isBlank()) {
            return null;
        }
        List<AttributeDef> out = new ArrayList<>();
        for (String name : selectText.split(",")) {
            String n = name.trim();
            AttributeDef a = def.attributeByWebName(n);
            if (a == null) {
                throw DataverseError.propertyNotFound(def, n);
            }
            if (!out.contains(a)) {
                out.add(a);
            }
        }
        return out;
    }

    static void applied(ApiRequest req, ApiResponse r, Integer maxPage, Annotations annotations,
                        boolean representation) {
        List<String> applied = new ArrayList<>();
        if (annotations.any()) {
            applied.add("odata.include-annotations=" + req.prefs().raw("odata.include-annotations"));
        }
        if (maxPage != null) {
            applied.add("odata.maxpagesize=" + maxPage);
        }
        if (representation) {
            applied.add("return=representation");
        }
        if (!applied.isEmpty()) {
            r.header("Preference-Applied", String.join(",", applied));
        }
    }

    private static String context(ApiRequest req, EntityDef def, String selectText, boolean entity) {
        String s = req.apiRoot() + "/$metadata#" + def.entitySet;
        if (selectText != null && !selectText.isBlank()) {
            s += "(" + selectText + ")";
        }
        return entity ? s + "/$entity" : s;
    }

    /** The request's {@code $filter} (with its {@code @alias} parameters), or every row. */
    static RowFilter filter(ApiRequest req, EntityDef def) {
        String f = req.query().get("$filter");
        if (f == null || f.isBlank()) {
            return RowFilter.ALL;
        }
        Map<String, String> aliases = new LinkedHashMap<>();
        req.query().forEach((k, v) -> {
            if (k.startsWith("@")) {
                aliases.put(k, v);
            }
        });
        return FilterParser.parse(def, f, aliases);
    }

    private static boolean countOption(ApiRequest req) {
        String c = req.query().get("$count");
        if (c == null || c.equals("false")) {
            return false;
        }
        if (c.equals("true")) {
            return true;
        }
        throw DataverseError.badRequest("'" + c + "' is not a valid count option.");
    }

    private static Integer top(ApiRequest req) {
        String t = req.query().get("$top");
        if (t == null) {
            return null;
        }
        try {
            int n = Integer.parseInt(t.trim());
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw DataverseError.badRequest("Invalid value '" + t + "' for $top query option found. The $top query "
                + "option requires a non-negative integer value.");
    }

    static void checkOptions(ApiRequest req, Set<String> allowed) {
        for (String name : HttpIo.repeatedNames(req.rawQuery())) {
            if (name.startsWith("$")) {
                throw DataverseError.badRequest("Query option '" + name + "' was specified more than once, but it "
                        + "must be specified at most once.");
            }
        }
        for (String name : req.query().keySet()) {
            if (!name.startsWith("$")) {
                continue;
            }
            boolean later = name.equals("$expand") || name.equals("$apply");
            if (later && allowed.contains(name)) {
                throw DataverseError.notImplemented("The " + name + " query option");
            }
            if (UNSUPPORTED.contains(name) || !allowed.contains(name)) {
                throw DataverseError.badRequest("The query parameter " + name + " is not supported");
            }
        }
    }
}
