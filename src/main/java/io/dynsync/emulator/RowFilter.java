package io.dynsync.emulator;

/**
 * A compiled $filter. Evaluation is three-valued like the SQL Dataverse runs: a comparison with a null column
 * is unknown (null), so {@code not (x eq 'a')} and {@code x ne 'a'} both leave out rows where x is null.
 */
@FunctionalInterface
interface RowFilter {
    RowFilter ALL = row -> Boolean.TRUE;

    /** TRUE, FALSE, or null for unknown. */
    Boolean eval(Row row);

    default boolean matches(Row row) {
        return Boolean.TRUE.equals(eval(row));
    }
}
