package io.dynsync.emulator;

import java.util.ArrayList;
import java.util.List;

/**
 * A query's sort order: the $orderby keys plus the primary key as final tiebreaker, so that every row has a
 * unique position and keyset paging neither duplicates nor skips rows that share a sort value.
 */
final class OrderBy {
    record Key(AttributeDef attr, boolean descending) {
    }

    final List<Key> keys;

    private OrderBy(List<Key> keys) {
        this.keys = List.copyOf(keys);
    }

    /** Parses "name asc,createdon desc"; null or blank means primary-key order, Dataverse's default. */
    static OrderBy parse(EntityDef def, String orderby) {
        List<Key> keys = new ArrayList<>();
        if (orderby != null && !orderby.isBlank()) {
            for (String part : orderby.split(",")) {
                String[] words = part.trim().split("\\s+");
                if (words.length == 0 || words[0].isEmpty() || words.length > 2) {
                    throw DataverseError.badRequest("Syntax error in $orderby '" + orderby + "'.");
                }
                boolean desc = false;
                if (words.length == 2) {
                    if (words[1].equals("desc")) {
                        desc = true;
                    } else if (!words[1].equals("asc")) {
                        throw DataverseError.badRequest("Syntax error in $orderby '" + orderby + "'.");
                    }
                }
                AttributeDef a = def.attributeByWebName(words[0]);
                if (a == null) {
                    throw DataverseError.propertyNotFound(def, words[0]);
                }
                keys.add(new Key(a, desc));
            }
        }
        if (keys.stream().noneMatch(k -> k.attr().type() == AttrType.PRIMARY_KEY)) {
            keys.add(new Key(def.primaryKey(), false));
        }
        return new OrderBy(keys);
    }

    /** True when the order is the primary key alone, which the store can serve without sorting. */
    boolean isPrimaryKeyOnly() {
        return keys.size() == 1;
    }

    boolean primaryKeyDescending() {
        return keys.get(0).descending();
    }

    @SuppressWarnings("rawtypes")
    Comparable[] keysOf(Row row) {
        Comparable[] k = new Comparable[keys.size()];
        for (int i = 0; i < k.length; i++) {
            AttributeDef a = keys.get(i).attr();
            k[i] = Values.sortKey(a.type(), row.get(a));
        }
        return k;
    }

    /** Nulls sort lowest, so first ascending and last descending, as on SQL Server. */
    @SuppressWarnings("rawtypes")
    int compare(Comparable[] a, Comparable[] b) {
        for (int i = 0; i < a.length; i++) {
            int c = Values.compareKeys(a[i], b[i]);
            if (c != 0) {
                return keys.get(i).descending() ? -c : c;
            }
        }
        return 0;
    }
}
