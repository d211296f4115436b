package io.dynsync.emulator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;

/**
 * GET of a deltaLink ({@code <set>?$select=…&$deltatoken=…}): the rows created or changed since the token, each
 * once with its current values, oldest change first, then a tombstone for each row deleted since (a row created
 * and deleted in between included), then a fresh deltaLink; paged with nextLinks when there are more than a
 * page of changes, the deltaLink on the last page only.
 *
 * <p>Consistency: the first page fixes a snapshot (the new token's version); every page reports changes up to it
 * and no further, and the next delta starts there. A row written while the client pages moves above the snapshot,
 * so it is left out of this delta and reported by the next one: nothing is lost, at worst a row comes twice.
 * Pages are read while no write is in progress ({@link RecordStore#consistentRead}).
 */
final class DeltaReads {
    private static final Set<String> OPTIONS = Set.of("$select", "$deltatoken", "$skiptoken");

    private final RecordStore store;
    private final ChangeTracking tracking;
    private final RecordRenderer renderer;

    DeltaReads(RecordStore store, ChangeTracking tracking, RecordRenderer renderer) {
        this.store = store;
        this.tracking = tracking;
        this.renderer = renderer;
    }

    ApiResponse read(ApiRequest req) {
        EntityDef def = req.set();
        tracking.requireEnabled(def);
        ChangeTracking.refuseQueryOptions(req);
        ReadOperations.checkOptions(req, OPTIONS);
        String selectText = req.query().get("$select");
        List<AttributeDef> select = ReadOperations.select(def, selectText);
        DeltaToken from = DeltaToken.parse(req.query().get("$deltatoken"));
        tracking.requireLive(from);
        String skiptoken = req.query().get("$skiptoken");
        DeltaCookie position = skiptoken == null ? null : DeltaCookie.parse(skiptoken);
        DeltaToken snapshot = position != null ? position.snapshot() : tracking.snapshot();
        if (snapshot.version() < from.version()) {
            throw new DataverseError(400, DataverseError.INVALID_ARGUMENT, "Invalid paging cookie: it does not "
                    + "belong to this $deltatoken.");
        }
        Integer maxPage = req.prefs().maxPageSize();
        int limit = maxPage != null ? maxPage : QueryEngine.MAX_PAGE;
        Page page = store.consistentRead(() -> collect(def, from.version(), snapshot.version(), position, limit));

        String nextLink = null;
        String deltaLink = null;
        if (page.more()) {
            Object lastEntry = page.entries().get(page.entries().size() - 1);
            boolean deletes = lastEntry instanceof ChangeLog.Tombstone;
            long last = deletes ? ((ChangeLog.Tombstone) lastEntry).version() : ((Row) lastEntry).version(def);
            DeltaCookie next = new DeltaCookie(position == null ? 2 : position.pageNumber() + 1, snapshot, deletes,
                    last);
            String query = HttpIo.withoutOption(req.rawQuery(), "$skiptoken");
            nextLink = ChangeTracking.origin(req) + req.rawPath() + "?" + query + "&$skiptoken=" + next.encoded();
        } else {
            deltaLink = ChangeTracking.deltaLink(req, snapshot);
        }
        String context = req.apiRoot() + "/$metadata#" + def.entitySet
                + (selectText == null || selectText.isBlank() ? "" : "(" + selectText + ")") + "/$delta";
        String deletedContext = req.apiRoot() + "/$metadata#" + def.entitySet + "/$deletedEntity";
        Annotations annotations = req.prefs().annotations();
        ApiResponse r = ApiResponse.json(200, ODataJson.delta(context, deltaLink, page.entries(), def, select,
                annotations, renderer, deletedContext, nextLink));
        r.rows = page.entries().size();
        r.hasNextLink = nextLink != null;
        ReadOperations.applied(req, r, maxPage, annotations, false);
        if (req.prefs().trackChanges()) {
            String applied = r.headers.get("Preference-Applied");
            r.header("Preference-Applied", "odata.track-changes" + (applied == null ? "" : "," + applied));
        }
        return r;
    }

    /** One page: Rows (changed) then Tombstones (deleted); {@code more} if entries follow it. */
    private record Page(List<Object> entries, boolean more) {
    }

    private Page collect(EntityDef def, long from, long upTo, DeltaCookie position, int limit) {
        List<Object> out = new ArrayList<>();
        boolean inDeletes = position != null && position.deletes();
        if (!inDeletes) {
            long after = position == null ? from : Math.max(from, position.last());
            for (Row r : changedRows(def, after, upTo)) {
                if (out.size() == limit) {
                    return new Page(out, true);
                }
                out.add(r);
            }
        }
        long after = inDeletes ? Math.max(from, position.last()) : from;
        for (ChangeLog.Tombstone t : tombstones(def, from, after, upTo)) {
            if (out.size() == limit) {
                return new Page(out, true);
            }
            out.add(t);
        }
        return new Page(out, false);
    }

    /** Rows whose current version is in (after, upTo], by version. A full scan: deltas are rare next to writes. */
    private List<Row> changedRows(EntityDef def, long after, long upTo) {
        NavigableMap<String, Row> table = store.rows(def);
        List<Row> rows = new ArrayList<>();
        for (Row r : table.values()) {
            long v = r.version(def);
            if (v > after && v <= upTo) {
                rows.add(r);
            }
        }
        rows.sort((a, b) -> Long.compare(a.version(def), b.version(def)));
        return rows;
    }

    /**
     * Tombstones in (after, upTo], one per row: its last delete within (from, upTo], and none for a row that
     * exists again (re-created with the same id) at a later version, which the changed rows already report.
     */
    private List<ChangeLog.Tombstone> tombstones(EntityDef def, long from, long after, long upTo) {
        List<ChangeLog.Tombstone> all = store.changeLog().between(def.entitySet, from, upTo);
        Map<String, Long> lastDelete = new HashMap<>();
        for (ChangeLog.Tombstone t : all) {
            lastDelete.merge(t.id(), t.version(), Math::max);
        }
        List<ChangeLog.Tombstone> out = new ArrayList<>();
        for (ChangeLog.Tombstone t : all) {
            if (t.version() <= after || t.version() != lastDelete.get(t.id())) {
                continue;
            }
            Row again = store.get(def, t.id());
            if (again != null && again.version(def) > t.version()) {
                continue;
            }
            out.add(t);
        }
        return out;
    }
}
