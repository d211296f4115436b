package io.dynsync.emulator;

/**
 * One stored record, immutable: a write replaces the whole row, so readers iterating a table never see a
 * half-applied update and need no lock.
 */
final class Row {
    final String id;
    /** {@link Guids#sortKey} of the id: the store's map key, giving SQL Server's uniqueidentifier order. */
    final String key;
    private final Object[] values;

    Row(String id, Object[] values) {
        this.id = id;
        this.key = Guids.sortKey(id);
        this.values = values;
    }

    Object get(AttributeDef a) {
        return values[a.index()];
    }

    Object get(int index) {
        return values[index];
    }

    /** A copy of the values for building the next version of this row. */
    Object[] copyValues() {
        return values.clone();
    }

    long version(EntityDef def) {
        Object v = get(def.attributeByLogicalName(Schema.VERSIONNUMBER));
        return v == null ? 0L : (Long) v;
    }
}
