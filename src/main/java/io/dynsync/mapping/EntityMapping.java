package io.dynsync.mapping;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How one Dynamics entity set maps onto a store table: read from a mapping file that operators edit.
 *
 * @param entitySet   Web API entity set, e.g. {@code leads}
 * @param logicalName the table's logical name, e.g. {@code lead} (used for record counts)
 * @param primaryKey  the entity's id attribute, e.g. {@code leadid}
 * @param table       store table the records land in
 * @param watermark   {@code modifiedon} (incremental reads from a modifiedon watermark) or {@code none}
 *                    (every cycle re-reads the set; for small tables without modifiedon such as teammemberships)
 * @param constants   fixed column values written with every row (e.g. {@code dynamics_type: lead})
 * @param fields      column mappings
 * @param children    derived rows in other tables
 * @param enabled     false to keep the file but not sync the entity
 * @param conflictWinner whose value wins when a field changed on both sides (default dynamics; per field overridable)
 * @param filter      a Dynamics two-options attribute (e.g. new_synctomkto): only an explicit No excludes a record
 * @param qualifiedFrom the lookup naming the lead a record was qualified from (contacts: _originatingleadid_value)
 * @param mergedInto  the lookup naming the record this one was merged into (_masterid_value)
 * @param createOnRequest store persons with sync_to_dynamics and no Dynamics record become records of this set
 * @param changeTracking read changes (and deletes) through Dataverse change tracking; the table must have it on
 * @param reconcileEvery for entities without change tracking: how often to compare ids to find deletes (e.g. 1h)
 * @param onDelete    a record deleted in Dynamics: {@code flag} its row (dynamics_deleted, kept) or {@code erase} it;
 *                    persons follow {@code sync.persons.on-dynamics-delete} unless set here
 */
public record EntityMapping(
        @JsonProperty(value = "entitySet", required = true) String entitySet,
        @JsonProperty("logicalName") String logicalName,
        @JsonProperty(value = "primaryKey", required = true) String primaryKey,
        @JsonProperty(value = "table", required = true) String table,
        @JsonProperty("watermark") String watermark,
        @JsonProperty("constants") Map<String, String> constants,
        @JsonProperty(value = "fields", required = true) List<FieldMapping> fields,
        @JsonProperty("children") List<ChildMapping> children,
        @JsonProperty("enabled") Boolean enabled,
        @JsonProperty("conflictWinner") Winner conflictWinner,
        @JsonProperty("filter") String filter,
        @JsonProperty("qualifiedFrom") String qualifiedFrom,
        @JsonProperty("mergedInto") String mergedInto,
        @JsonProperty("createOnRequest") Boolean createOnRequest,
        @JsonProperty("changeTracking") Boolean changeTracking,
        @JsonProperty("reconcileEvery") String reconcileEvery,
        @JsonProperty("onDelete") String onDelete) {

    public static final String WATERMARK_MODIFIEDON = "modifiedon";
    public static final String WATERMARK_NONE = "none";

    private static final Pattern SQL_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final Pattern ATTRIBUTE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    /** Words H2 or PostgreSQL reserve: unquoted, they break the generated SQL. */
    private static final Set<String> RESERVED = Set.of("all", "and", "any", "array", "as", "asc", "between", "both", "case",
            "check", "column", "constraint", "create", "cross", "current_date", "current_time", "current_timestamp",
            "current_user", "default", "desc", "distinct", "do", "else", "end", "except", "exists", "false", "fetch", "for",
            "foreign", "from", "full", "group", "having", "if", "in", "inner", "intersect", "interval", "into", "is", "join",
            "key", "leading", "left", "like", "limit", "minus", "natural", "not", "null", "offset", "on", "only", "or",
            "order", "primary", "qualify", "references", "right", "row", "rownum", "select", "session_user", "set", "some",
            "table", "then", "to", "trailing", "true", "union", "unique", "unknown", "user", "using", "value", "values",
            "when", "where", "window", "with", "year", "month", "day", "hour", "minute", "second");
    /** Columns every mirrored table has; the sync writes them itself. */
    public static final Set<String> SYNC_COLUMNS = Set.of("dynamics_id", "dynamics_modified_on", "dynamics_etag",
            "dynamics_deleted", "synced_at");

    @JsonCreator
    public EntityMapping {
        watermark = watermark == null ? WATERMARK_MODIFIEDON : watermark;
        constants = constants == null ? Map.of() : Map.copyOf(constants);
        fields = List.copyOf(Objects.requireNonNullElse(fields, List.of()));
        children = children == null ? List.of() : List.copyOf(children);
        enabled = enabled == null ? Boolean.TRUE : enabled;
        logicalName = logicalName == null && entitySet != null ? guessLogicalName(entitySet) : logicalName;
        conflictWinner = conflictWinner == null ? Winner.DYNAMICS : conflictWinner;
        createOnRequest = createOnRequest != null && createOnRequest;
        changeTracking = changeTracking != null && changeTracking;
    }

    public static final String ON_DELETE_FLAG = "flag";
    public static final String ON_DELETE_ERASE = "erase";

    /** The table of two-way entities (the only one with the store-side change detection they need). */
    public static final String TWO_WAY_TABLE = "persons";

    /** Whether any field syncs from the store to Dynamics. */
    public boolean isTwoWay() {
        return fields.stream().anyMatch(f -> f.direction().toDynamics());
    }

    /** The fields that sync from the store to Dynamics. */
    public List<FieldMapping> outboundFields() {
        return fields.stream().filter(f -> f.direction().toDynamics()).toList();
    }

    /** Whose value a field keeps when both sides changed it. */
    public Winner winner(FieldMapping field) {
        return field.conflictWinner() != null ? field.conflictWinner() : conflictWinner;
    }

    /** The Dynamics type name of this entity ("lead"), as persons.dynamics_type holds it. */
    public String dynamicsType() {
        return constants.getOrDefault("dynamics_type", logicalName);
    }

    public boolean isEnabled() {
        return enabled;
    }

    public boolean usesModifiedOnWatermark() {
        return WATERMARK_MODIFIEDON.equals(watermark);
    }

    /** The attributes to {@code $select}: every mapped attribute, plus what the sync itself needs. */
    public List<String> selectAttributes() {
        Set<String> attributes = new LinkedHashSet<>();
        attributes.add(primaryKey);
        for (FieldMapping field : allFields()) {
            attributes.addAll(field.from());
        }
        // read with change tracking too: it fills the contract column dynamics_modified_on
        if (usesModifiedOnWatermark()) {
            attributes.add("modifiedon");
        }
        for (String extra : new String[] {filter, qualifiedFrom, mergedInto}) {
            if (extra != null) {
                attributes.add(extra);
            }
        }
        return new ArrayList<>(attributes);
    }

    /**
     * A stable digest of everything that decides what is read and written (not of comments or of
     * {@code enabled}): when it changes, stored rows may lack new columns or hold values mapped the old
     * way, so the next run re-reads the entity and rewrites every row.
     */
    public String fingerprint() {
        StringBuilder text = new StringBuilder();
        text.append(entitySet).append('|').append(primaryKey).append('|').append(table).append('|').append(watermark)
                .append('|').append(new TreeMap<>(constants));
        if (isTwoWay() || filter != null || qualifiedFrom != null || mergedInto != null || createOnRequest) {
            text.append('|').append(conflictWinner).append('|').append(filter).append('|').append(qualifiedFrom).append('|')
                    .append(mergedInto).append('|').append(createOnRequest);
        }
        for (FieldMapping field : fields) {
            text.append('|').append(describe(field));
        }
        for (ChildMapping child : children) {
            text.append("|child ").append(child.table()).append(' ').append(child.parentColumn());
            for (ChildMapping.Row row : child.rows()) {
                text.append(" row ").append(new TreeMap<>(row.constants()));
                row.fields().forEach(f -> text.append(' ').append(describe(f)));
            }
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String describe(FieldMapping field) {
        // settings added later are appended only when not their default, so existing fingerprints stay
        return field.from() + ">" + field.to() + ":" + field.type() + ":" + field.target() + ":" + new TreeMap<>(field.values())
                + (field.direction() == Direction.TO_STORE ? "" : ":" + field.direction())
                + (field.conflictWinner() == null ? "" : ":" + field.conflictWinner());
    }

    /** The fields of the row and of all derived rows. */
    public List<FieldMapping> allFields() {
        List<FieldMapping> all = new ArrayList<>(fields);
        for (ChildMapping child : children) {
            for (ChildMapping.Row row : child.rows()) {
                all.addAll(row.fields());
            }
        }
        return all;
    }

    /** Whether any field needs the target entity of a polymorphic lookup. */
    public boolean needsLookupTargets() {
        return allFields().stream().anyMatch(f -> f.target() != null);
    }

    /**
     * Checks what a typo in a mapping file would otherwise turn into a failed sync or an SQL error;
     * names are interpolated into SQL, so they are held to a strict pattern here.
     *
     * @return the problems found, empty when the mapping is valid
     */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (!ATTRIBUTE.matcher(entitySet).matches()) {
            problems.add("entitySet '" + entitySet + "' is not a valid entity set name");
        }
        if (logicalName == null || !ATTRIBUTE.matcher(logicalName).matches()) {
            problems.add("logicalName '" + logicalName + "' is not a valid table logical name");
        }
        if (!ATTRIBUTE.matcher(primaryKey).matches()) {
            problems.add("primaryKey '" + primaryKey + "' is not a valid attribute name");
        }
        checkTable(table, "table", problems);
        if (!WATERMARK_MODIFIEDON.equals(watermark) && !WATERMARK_NONE.equals(watermark)) {
            problems.add("watermark '" + watermark + "' must be modifiedon or none");
        }
        if (fields.isEmpty()) {
            problems.add("fields is empty");
        }
        for (String attribute : new String[] {filter, qualifiedFrom, mergedInto}) {
            if (attribute != null && !ATTRIBUTE.matcher(attribute).matches()) {
                problems.add("attribute '" + attribute + "' is not a valid attribute name");
            }
        }
        if (onDelete != null && !ON_DELETE_FLAG.equals(onDelete) && !ON_DELETE_ERASE.equals(onDelete)) {
            problems.add("onDelete '" + onDelete + "' must be flag or erase");
        }
        if (reconcileEvery != null) {
            try {
                org.apache.camel.util.TimeUtils.toMilliSeconds(reconcileEvery);
            } catch (RuntimeException e) {
                problems.add("reconcileEvery '" + reconcileEvery + "' must be a duration such as 30m or 6h");
            }
        }
        if ((isTwoWay() || createOnRequest) && !TWO_WAY_TABLE.equals(table)) {
            problems.add("fields that sync to Dynamics (direction both or to-dynamics) need table " + TWO_WAY_TABLE
                    + ", which has the store-side change detection");
        }
        for (FieldMapping field : fields) {
            boolean lookup = FieldMapping.isLookup(field.attribute());
            if (field.direction().toDynamics() && field.from().size() != 1) {
                problems.add("field '" + field.to() + "' syncs to Dynamics, so it needs exactly one attribute in 'from'");
            } else if (field.direction().toDynamics() && lookup && field.bind() == null) {
                problems.add("field '" + field.to() + "' syncs a lookup to Dynamics, so it needs "
                        + "bind: { navigation: <navigation property>, entitySet: <entity set of its target> }");
            }
            if (field.bind() != null && (!field.direction().toDynamics() || !lookup)) {
                problems.add("field '" + field.to() + "' has a bind, which is only for a lookup (_x_value) that syncs to Dynamics");
            }
            if (field.bind() != null && !(field.bind().navigation().matches("[A-Za-z_][A-Za-z0-9_]*")
                    && field.bind().entitySet().matches("[a-z_][a-z0-9_]*"))) {
                problems.add("field '" + field.to() + "': bind needs a navigation property and an entity set name");
            }
        }
        Set<String> columns = new LinkedHashSet<>(constants.keySet());
        constants.keySet().forEach(c -> checkColumn(c, problems));
        for (FieldMapping field : fields) {
            checkField(field, problems);
            if (!columns.add(field.to())) {
                problems.add("column '" + field.to() + "' is mapped twice");
            }
        }
        for (ChildMapping child : children) {
            checkTable(child.table(), "children table", problems);
            checkColumn(child.parentColumn(), problems);
            for (ChildMapping.Row row : child.rows()) {
                row.constants().keySet().forEach(c -> checkColumn(c, problems));
                row.fields().forEach(f -> checkField(f, problems));
            }
        }
        return problems;
    }

    private static void checkField(FieldMapping field, List<String> problems) {
        checkColumn(field.to(), problems);
        if (field.from().isEmpty()) {
            problems.add("field '" + field.to() + "' has an empty 'from'");
        }
        for (String attribute : field.from()) {
            if (!ATTRIBUTE.matcher(attribute).matches()) {
                problems.add("attribute '" + attribute + "' (field '" + field.to() + "') is not a valid attribute name");
            }
            if (field.target() != null && !FieldMapping.isLookup(attribute)) {
                problems.add("field '" + field.to() + "' has a target but '" + attribute + "' is not a lookup (_x_value)");
            }
        }
    }

    private static void checkTable(String name, String what, List<String> problems) {
        if (!SQL_NAME.matcher(name).matches()) {
            problems.add(what + " '" + name + "' must be lower case letters, digits and _");
        } else if (RESERVED.contains(name)) {
            problems.add(what + " '" + name + "' is a reserved SQL word");
        } else if (name.startsWith("sync_")) {
            problems.add(what + " '" + name + "': names starting with sync_ belong to the sync itself");
        }
    }

    private static void checkColumn(String column, List<String> problems) {
        if (!SQL_NAME.matcher(column).matches()) {
            problems.add("column '" + column + "' must be lower case letters, digits and _");
        } else if (RESERVED.contains(column)) {
            problems.add("column '" + column + "' is a reserved SQL word");
        } else if (SYNC_COLUMNS.contains(column)) {
            problems.add("column '" + column + "' is written by the sync itself and cannot be mapped");
        }
    }

    private static String guessLogicalName(String entitySet) {
        if (entitySet.endsWith("ies")) {
            return entitySet.substring(0, entitySet.length() - 3) + "y";
        }
        if (entitySet.endsWith("ses")) {
            return entitySet.substring(0, entitySet.length() - 2);
        }
        return entitySet.endsWith("s") ? entitySet.substring(0, entitySet.length() - 1) : entitySet;
    }
}
