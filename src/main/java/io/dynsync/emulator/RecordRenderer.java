package io.dynsync.emulator;

import java.util.List;

/**
 * Lays out a row the way the Web API shows it: {@code @odata.etag} first, then the selected columns (lookups
 * as {@code _x_value}, preceded by their annotations when asked for), then the primary key if it was not
 * selected (Dataverse always returns it). The JSON writer and the Java data API share this.
 */
final class RecordRenderer {
    /** Receives the fields in order; values are JSON-ready (String, Number, Boolean, null). */
    interface Sink {
        void field(String name, Object value);
    }

    private final RecordStore store;

    RecordRenderer(RecordStore store) {
        this.store = store;
    }

    /** @param select columns to show, or null for all */
    void render(EntityDef def, Row row, List<AttributeDef> select, Annotations annotations, Sink sink) {
        sink.field("@odata.etag", Precondition.etag(row.version(def)));
        List<AttributeDef> columns = select == null ? def.attributes : select;
        boolean keyShown = false;
        for (AttributeDef a : columns) {
            keyShown |= a.type() == AttrType.PRIMARY_KEY;
            field(def, row, a, annotations, sink);
        }
        if (!keyShown) {
            field(def, row, def.primaryKey(), annotations, sink);
        }
    }

    private void field(EntityDef def, Row row, AttributeDef a, Annotations annotations, Sink sink) {
        Object v = row.get(a);
        String name = a.webName();
        if (v instanceof Ref ref && annotations.any()) {
            if (annotations.includes(Annotations.FORMATTED_VALUE)) {
                String formatted = store.primaryNameOf(ref);
                if (formatted != null) {
                    sink.field(name + "@" + Annotations.FORMATTED_VALUE, formatted);
                }
            }
            if (annotations.includes(Annotations.ASSOCIATED_NAV)) {
                sink.field(name + "@" + Annotations.ASSOCIATED_NAV, navigationProperty(a, ref));
            }
            if (annotations.includes(Annotations.LOOKUP_LOGICAL_NAME)) {
                sink.field(name + "@" + Annotations.LOOKUP_LOGICAL_NAME, ref.logicalName());
            }
        }
        sink.field(name, Values.toJson(v));
    }

    /** The navigation property that leads to this lookup's target (parentcustomerid_account, ownerid, …). */
    private static String navigationProperty(AttributeDef a, Ref ref) {
        for (var e : a.bindNames().entrySet()) {
            if (e.getValue() == null || e.getValue().equals(ref.logicalName())) {
                return e.getKey();
            }
        }
        return a.name();
    }
}
