package io.dynsync.mapping;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Turns one Dynamics record (Web API JSON) into store column values as its entity's mapping says.
 * Used record by record from the inbound route's split.
 */
public class RecordMapper {

    /** The annotation naming the entity a lookup points at (asked for with Prefer: odata.include-annotations). */
    public static final String LOOKUP_TARGET_ANNOTATION = "Microsoft.Dynamics.CRM.lookuplogicalname";
    private static final String LOOKUP_TARGET = "@" + LOOKUP_TARGET_ANNOTATION;

    private final MappingCatalog mappings;

    public RecordMapper(MappingCatalog mappings) {
        this.mappings = mappings;
    }

    /**
     * Maps a record of the given entity set.
     *
     * @throws IllegalArgumentException naming the field, when a value does not fit its column
     */
    public MappedRecord map(String entitySet, JsonNode record) {
        EntityMapping mapping = mappings.get(entitySet);
        String id = text(record, mapping.primaryKey());
        if (id == null) {
            throw new IllegalArgumentException("record has no " + mapping.primaryKey());
        }
        Map<String, Object> columns = new LinkedHashMap<>(mapping.constants());
        for (FieldMapping field : mapping.fields()) {
            columns.put(field.to(), value(record, field));
        }
        List<MappedRecord.Children> children = new ArrayList<>();
        for (ChildMapping child : mapping.children()) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (ChildMapping.Row rowMapping : child.rows()) {
                Map<String, Object> row = new LinkedHashMap<>(rowMapping.constants());
                boolean complete = true;
                for (FieldMapping field : rowMapping.fields()) {
                    Object value = value(record, field);
                    complete &= value != null;
                    row.put(field.to(), value);
                }
                if (complete) {
                    row.put(child.parentColumn(), id.toLowerCase(Locale.ROOT));
                    rows.add(row);
                }
            }
            children.add(new MappedRecord.Children(child.table(), child.parentColumn(), rows));
        }
        String modifiedOn = text(record, "modifiedon");
        return new MappedRecord(id.toLowerCase(Locale.ROOT), text(record, "@odata.etag"),
                modifiedOn == null ? null : OffsetDateTime.parse(modifiedOn).withOffsetSameInstant(ZoneOffset.UTC),
                columns, children, record, excluded(record, mapping.filter()),
                lowerCase(text(record, mapping.qualifiedFrom())), lowerCase(text(record, mapping.mergedInto())));
    }

    /**
     * What the inbound route's split does with each record of a page: a change-tracking tombstone
     * ({@code $deletedEntity}) becomes a {@link DeletedRecord}, any other record is mapped.
     */
    public Object toStore(String entitySet, JsonNode record) {
        JsonNode context = record.get("@odata.context");
        if (context != null && context.asText().endsWith("/$deletedEntity") || record.has("reason") && record.has("id")
                && !record.has(mappings.get(entitySet).primaryKey())) {
            return new DeletedRecord(record.path("id").asText().toLowerCase(Locale.ROOT));
        }
        return map(entitySet, record);
    }

    /** The failure to record when {@link #map} threw: the route's catch block calls this. */
    public RecordFailure failure(String entitySet, JsonNode record, Exception cause) {
        String id = text(record, mappings.get(entitySet).primaryKey());
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return new RecordFailure(id == null ? null : id.toLowerCase(Locale.ROOT), "MAPPING", message, record.toString());
    }

    private static Object value(JsonNode record, FieldMapping field) {
        for (String attribute : field.from()) {
            JsonNode node = record.get(attribute);
            if (node == null || node.isNull()) {
                continue;
            }
            if (field.target() != null && !field.target().equalsIgnoreCase(text(record, attribute + LOOKUP_TARGET))) {
                continue;
            }
            try {
                if (!field.values().isEmpty()) {
                    String translated = field.values().get(node.asText());
                    if (translated == null) {
                        throw new IllegalArgumentException("no entry for '" + node.asText() + "' in its values");
                    }
                    return field.type().convert(TextNode.valueOf(translated));
                }
                Object value = field.type().convert(node);
                // GUIDs compare case-insensitively in Dataverse; the store keeps them lower case
                return FieldMapping.isLookup(attribute) && value instanceof String s ? s.toLowerCase(Locale.ROOT) : value;
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("field " + field.to() + " (from " + attribute + "): " + e.getMessage(), e);
            }
        }
        return null;
    }

    /** Marketo's filter convention: only an explicit No excludes; empty or missing means sync. */
    private static boolean excluded(JsonNode record, String filter) {
        if (filter == null) {
            return false;
        }
        JsonNode value = record.get(filter);
        return value != null && (value.isBoolean() && !value.booleanValue() || "false".equalsIgnoreCase(value.asText())
                || value.isNumber() && value.intValue() == 0);
    }

    private static String lowerCase(String id) {
        return id == null ? null : id.toLowerCase(Locale.ROOT);
    }

    private static String text(JsonNode record, String attribute) {
        if (attribute == null) {
            return null;
        }
        JsonNode node = record.get(attribute);
        return node == null || node.isNull() ? null : node.asText();
    }
}
