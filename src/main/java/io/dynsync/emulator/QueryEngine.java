package io.dynsync.emulator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * Runs a collection query against the store: filter, order, keyset position, page size, count.
 * Primary-key order (the default) walks the store's sorted map from the cursor without sorting, so a
 * 5000-row page out of 100,000 rows costs one page's worth of work; other orders sort the filtered rows.
 */
final class QueryEngine {
    /** Dataverse's @odata.count and the page size both stop at 5000. */
    static final int MAX_PAGE = 5000;

    /**
     * @param rows     the page's rows
     * @param hasMore  whether rows follow the page (a nextLink is due)
     * @param count    matching rows without paging, capped at 5001 so callers can tell "more than 5000"; -1 if
     *                 not asked for
     */
    record Result(List<Row> rows, boolean hasMore, int count) {
    }

    private final RecordStore store;

    QueryEngine(RecordStore store) {
        this.store = store;
    }

    /**
     * @param after the last row's sort values from a paging cookie (in {@code order.keys} order), or null for
     *              the first page; rows strictly after it in the query's order are returned
     */
    @SuppressWarnings("rawtypes")
    Result run(EntityDef def, RowFilter filter, OrderBy order, List<Object> after, int limit, boolean count) {
        NavigableMap<String, Row> table = store.rows(def);
        Comparable[] cursor = null;
        if (after != null) {
            cursor = new Comparable[after.size()];
            for (int i = 0; i < cursor.length; i++) {
                cursor[i] = Values.sortKey(order.keys.get(i).attr().type(), after.get(i));
            }
        }
        List<Row> page = order.isPrimaryKeyOnly()
                ? byPrimaryKey(table, filter, order, cursor, limit + 1)
                : sorted(table, filter, order, cursor, limit + 1);
        boolean hasMore = page.size() > limit;
        if (hasMore) {
            page = page.subList(0, limit);
        }
        int total = count ? count(table, filter) : -1;
        return new Result(List.copyOf(page), hasMore, total);
    }

    @SuppressWarnings("rawtypes")
    private static List<Row> byPrimaryKey(NavigableMap<String, Row> table, RowFilter filter, OrderBy order,
                                          Comparable[] cursor, int wanted) {
        boolean desc = order.primaryKeyDescending();
        NavigableMap<String, Row> range;
        if (cursor == null) {
            range = desc ? table.descendingMap() : table;
        } else {
            String key = (String) cursor[0];
            range = desc ? table.headMap(key, false).descendingMap() : table.tailMap(key, false);
        }
        List<Row> out = new ArrayList<>(Math.min(wanted, 1024));
        for (Row r : range.values()) {
            if (filter.matches(r)) {
                out.add(r);
                if (out.size() >= wanted) {
                    break;
                }
            }
        }
        return out;
    }

    @SuppressWarnings("rawtypes")
    private static List<Row> sorted(NavigableMap<String, Row> table, RowFilter filter, OrderBy order,
                                    Comparable[] cursor, int wanted) {
        List<Map.Entry<Comparable[], Row>> candidates = new ArrayList<>();
        for (Row r : table.values()) {
            if (!filter.matches(r)) {
                continue;
            }
            Comparable[] k = order.keysOf(r);
            if (cursor == null || order.compare(k, cursor) > 0) {
                candidates.add(Map.entry(k, r));
            }
        }
        Comparator<Map.Entry<Comparable[], Row>> cmp = (a, b) -> order.compare(a.getKey(), b.getKey());
        candidates.sort(cmp);
        List<Row> out = new ArrayList<>(Math.min(wanted, candidates.size()));
        for (int i = 0; i < candidates.size() && i < wanted; i++) {
            out.add(candidates.get(i).getValue());
        }
        return out;
    }

    private static int count(NavigableMap<String, Row> table, RowFilter filter) {
        int n = 0;
        for (Row r : table.values()) {
            if (filter.matches(r) && ++n > MAX_PAGE) {
                break;
            }
        }
        return n;
    }
}
