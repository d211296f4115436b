package io.dynsync.mapping;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Rows of another table derived from one Dynamics record (e.g. opportunity_roles from an opportunity's
 * customer and contact lookups). On every change of the parent its child rows are replaced.
 *
 * @param table        the child table
 * @param parentColumn the child column holding the parent's dynamics_id
 * @param rows         candidate rows; a row is kept only when all its fields have a value
 */
public record ChildMapping(
        @JsonProperty(value = "table", required = true) String table,
        @JsonProperty(value = "parentColumn", required = true) String parentColumn,
        @JsonProperty(value = "rows", required = true) List<Row> rows) {

    @JsonCreator
    public ChildMapping {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(parentColumn, "parentColumn");
        rows = List.copyOf(Objects.requireNonNull(rows, "rows"));
    }

    public record Row(
            @JsonProperty("constants") Map<String, String> constants,
            @JsonProperty(value = "fields", required = true) List<FieldMapping> fields) {

        @JsonCreator
        public Row {
            constants = constants == null ? Map.of() : Map.copyOf(constants);
            fields = List.copyOf(Objects.requireNonNull(fields, "fields"));
        }
    }
}
