package io.dynsync.mapping;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One store column filled from one Dynamics attribute (or the first non-null of several).
 *
 * @param from   Dynamics attribute names, lookups as {@code _x_value}; several means "first non-null"
 * @param to     the store column
 * @param type   the column type (default string)
 * @param target for a polymorphic lookup, only take the value when it points at this entity (e.g. account)
 * @param values optional translation of codes (option-set values) to store values
 * @param direction which way the field syncs (default: to the store)
 * @param conflictWinner whose value wins when both sides changed the field (default: the entity's)
 * @param bind   for a lookup that syncs to Dynamics: the navigation property it is written through and the
 *               entity set of the records it points at ({@code <navigation>@odata.bind: /<entitySet>(id)})
 */
public record FieldMapping(
        @JsonProperty(value = "from", required = true) @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY) List<String> from,
        @JsonProperty(value = "to", required = true) String to,
        @JsonProperty("type") ColumnType type,
        @JsonProperty("target") String target,
        @JsonProperty("values") Map<String, String> values,
        @JsonProperty("direction") Direction direction,
        @JsonProperty("conflictWinner") Winner conflictWinner,
        @JsonProperty("bind") Bind bind) {

    /** How a lookup is written: {@code "<navigation>@odata.bind": "/<entitySet>(<id>)"}. */
    public record Bind(@JsonProperty(value = "navigation", required = true) String navigation,
                       @JsonProperty(value = "entitySet", required = true) String entitySet) {
    }

    @JsonCreator
    public FieldMapping {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        type = type == null ? ColumnType.STRING : type;
        values = values == null ? Map.of() : Map.copyOf(values);
        from = List.copyOf(from);
        direction = direction == null ? Direction.TO_STORE : direction;
    }

    /** The one Dynamics attribute a field writes to (a field that syncs to Dynamics has exactly one). */
    public String attribute() {
        return from.get(0);
    }

    /** The Dynamics value for a store value: the reverse of {@code values}, else the value itself. */
    public Object toDynamics(Object storeValue) {
        if (storeValue == null || values.isEmpty()) {
            return storeValue;
        }
        for (Map.Entry<String, String> entry : values.entrySet()) {
            if (entry.getValue().equals(String.valueOf(storeValue))) {
                return entry.getKey().matches("-?\\d+") ? (Object) Long.valueOf(entry.getKey()) : entry.getKey();
            }
        }
        throw new IllegalArgumentException("field " + to + ": '" + storeValue + "' has no entry in its values");
    }

    /** True when the attribute is a lookup whose value is a GUID ({@code _x_value}). */
    public static boolean isLookup(String attribute) {
        return attribute.startsWith("_") && attribute.endsWith("_value");
    }
}
