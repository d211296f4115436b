package io.dynsync.mapping;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The conflict rule of two-way entities, field by field. Each person keeps a baseline: the value of
 * every synced field as Dynamics last had it, as far as the sync knows. A side changed a field when
 * its value differs from the baseline.
 *
 * <ul>
 * <li>Only Dynamics changed it: the store takes Dynamics' value.</li>
 * <li>Only the store changed it: the store keeps its value, and the outbound sync sends it.</li>
 * <li>Both changed it to different values: the field's winner decides (by default the store for
 * leads, Dynamics for contacts). Both changed it to the same value: nothing to do.</li>
 * </ul>
 *
 * <p>Blank rule: null and the empty string are the same "blank". Clearing a field is a change like any
 * other and syncs. The one exception is when a store person is first linked to an existing Dynamics
 * record (no baseline yet): then a blank never overwrites a value on the other side, and where both
 * have values the winner decides.
 */
public final class TwoWayMerge {

    /**
     * @param columns  the values to write into the row's mapped columns
     * @param baseline the new baseline (Dynamics' values)
     * @param pending  whether the store still has changes for Dynamics
     */
    public record Result(Map<String, Object> columns, Map<String, String> baseline, boolean pending) {
    }

    private TwoWayMerge() {
    }

    /**
     * Merges a Dynamics record into an existing person.
     *
     * @param store    the person's current mapped column values
     * @param baseline the person's baseline, or null when it was never synced (first link)
     * @param dynamics the record's values mapped to store columns
     */
    public static Result inbound(EntityMapping mapping, Map<String, Object> store, Map<String, String> baseline,
            Map<String, Object> dynamics) {
        Map<String, Object> columns = new LinkedHashMap<>();
        Map<String, String> newBaseline = new LinkedHashMap<>();
        for (FieldMapping field : mapping.fields()) {
            String column = field.to();
            Object dynamicsValue = dynamics.get(column);
            Object storeValue = store.get(column);
            String dyn = key(dynamicsValue);
            Direction direction = field.direction();
            if (direction == Direction.NONE) {
                continue;
            }
            if (direction.toDynamics()) {
                newBaseline.put(column, dyn);
            }
            if (direction == Direction.TO_STORE) {
                columns.put(column, dynamicsValue);
                continue;
            }
            if (direction == Direction.TO_DYNAMICS) {
                continue; // the store owns it: a Dynamics edit is overwritten by the next outbound cycle
            }
            String mine = key(storeValue);
            boolean firstLink = baseline == null;
            String base = firstLink ? null : baseline.get(column);
            boolean storeChanged = firstLink ? mine != null : !Objects.equals(mine, base);
            boolean dynamicsChanged = firstLink ? dyn != null : !Objects.equals(dyn, base);
            boolean keepStore;
            if (!storeChanged) {
                keepStore = false;
            } else if (!dynamicsChanged || Objects.equals(mine, dyn)) {
                keepStore = true;
            } else {
                keepStore = mapping.winner(field) == Winner.STORE;
            }
            columns.put(column, keepStore ? storeValue : dynamicsValue);
        }
        return new Result(columns, newBaseline, pending(mapping, columns, store, newBaseline));
    }

    private static boolean pending(EntityMapping mapping, Map<String, Object> columns, Map<String, Object> store,
            Map<String, String> baseline) {
        for (FieldMapping field : mapping.outboundFields()) {
            Object value = columns.containsKey(field.to()) ? columns.get(field.to()) : store.get(field.to());
            if (!Objects.equals(key(value), baseline.get(field.to()))) {
                return true;
            }
        }
        return false;
    }

    /** The fields whose store value differs from the baseline: what the outbound sync sends. */
    public static Map<String, Object> outboundChanges(EntityMapping mapping, Map<String, Object> store, Map<String, String> baseline) {
        Map<String, Object> changes = new LinkedHashMap<>();
        for (FieldMapping field : mapping.outboundFields()) {
            Object value = store.get(field.to());
            String base = baseline == null ? null : baseline.get(field.to());
            if (!Objects.equals(key(value), base)) {
                changes.put(field.to(), value);
            }
        }
        return changes;
    }

    /** The baseline of freshly copied Dynamics values. */
    public static Map<String, String> baselineOf(EntityMapping mapping, Map<String, Object> values) {
        Map<String, String> baseline = new LinkedHashMap<>();
        for (FieldMapping field : mapping.outboundFields()) {
            baseline.put(field.to(), key(values.get(field.to())));
        }
        return baseline;
    }

    /** One comparable text per value, whatever Java type JDBC or the mapper produced; blank is null. */
    public static String key(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof BigDecimal d) {
            return d.stripTrailingZeros().toPlainString();
        }
        if (value instanceof Number n) {
            return new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
        }
        if (value instanceof java.sql.Date d) {
            return d.toLocalDate().toString();
        }
        if (value instanceof LocalDate d) {
            return d.toString();
        }
        if (value instanceof OffsetDateTime t) {
            return t.withOffsetSameInstant(ZoneOffset.UTC).toInstant().toString();
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant().toString();
        }
        String text = value.toString();
        return text.isEmpty() ? null : text;
    }
}
