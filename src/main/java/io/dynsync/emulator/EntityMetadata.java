package io.dynsync.emulator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The schema described as Dataverse metadata: EntityMetadata, AttributeMetadata and the many-to-one
 * relationships of each table, built from {@link Schema}. Each kind is a small virtual table (an
 * {@link EntityDef} whose rows are the descriptions), so $select and $filter work on metadata with the same
 * parser as on data.
 */
final class EntityMetadata {
    static final EntityDef ENTITY = virtual("EntityMetadata", "EntityDefinitions",
            "LogicalName", "SchemaName", "EntitySetName", "LogicalCollectionName", "PrimaryIdAttribute",
            "PrimaryNameAttribute", "ChangeTrackingEnabled:bool", "IsCustomEntity:bool", "IsIntersect:bool",
            "IsOptimisticConcurrencyEnabled:bool");
    static final EntityDef ATTRIBUTE = virtual("AttributeMetadata", "Attributes",
            "LogicalName", "SchemaName", "EntityLogicalName", "AttributeType", "AttributeOf", "IsValidForRead:bool",
            "IsValidForCreate:bool", "IsValidForUpdate:bool", "IsPrimaryId:bool", "IsPrimaryName:bool",
            "IsCustomAttribute:bool");
    static final EntityDef RELATIONSHIP = virtual("OneToManyRelationshipMetadata", "ManyToOneRelationships",
            "SchemaName", "ReferencedEntity", "ReferencedAttribute", "ReferencingEntity", "ReferencingAttribute",
            "ReferencingEntityNavigationPropertyName");

    /** Schema names of the standard tables (the custom ones follow the publisher-prefix rule). */
    private static final Map<String, String> SCHEMA_NAMES = Map.of("systemuser", "SystemUser", "team", "Team",
            "teammembership", "TeamMembership", "account", "Account", "contact", "Contact", "lead", "Lead",
            "opportunity", "Opportunity");
    /** Whole-number columns that are choices (Picklist) in Dataverse. */
    private static final Set<String> PICKLISTS = Set.of("industrycode", "leadsourcecode", "teamtype");

    private final Schema schema;
    private final ChangeTracking tracking;

    EntityMetadata(Schema schema, ChangeTracking tracking) {
        this.schema = schema;
        this.tracking = tracking;
    }

    /** One row per table, in schema order. */
    List<Row> entities() {
        List<Row> out = new ArrayList<>();
        for (EntityDef d : schema.all()) {
            out.add(entity(d));
        }
        return out;
    }

    Row entity(EntityDef d) {
        return row(ENTITY, metadataId(d), d.logicalName, schemaName(d), d.entitySet, d.entitySet, d.primaryId,
                d.primaryName, tracking.enabled(d), d.custom, d.primaryName == null && !d.has(Schema.CREATEDON),
                true);
    }

    /** The table a key addresses: {@code LogicalName='lead'} or its MetadataId; null if none. */
    EntityDef table(String key) {
        String k = key.trim();
        if (k.startsWith("LogicalName=")) {
            String v = k.substring("LogicalName=".length()).trim();
            if (v.length() >= 2 && v.startsWith("'") && v.endsWith("'")) {
                return schema.byLogicalName(v.substring(1, v.length() - 1));
            }
            throw DataverseError.badRequest("The key '" + key + "' is not valid: expected LogicalName='name'.");
        }
        String id = Guids.normalize(k);
        if (id == null) {
            throw DataverseError.badRequest("The key '" + key + "' is not valid: expected LogicalName='name' or a "
                    + "MetadataId.");
        }
        for (EntityDef d : schema.all()) {
            if (metadataId(d).equals(id)) {
                return d;
            }
        }
        return null;
    }

    /**
     * One row per column. Lookups are listed under their logical name ({@code parentcustomerid}): the Web API's
     * {@code _parentcustomerid_value} is that column's value as a data property, not a column of its own.
     */
    List<Row> attributes(EntityDef d) {
        List<Row> out = new ArrayList<>();
        boolean intersect = d.primaryName == null && !d.has(Schema.CREATEDON);
        for (AttributeDef a : d.attributes) {
            boolean pk = a.type() == AttrType.PRIMARY_KEY;
            boolean writable = !a.system() && !intersect;
            out.add(row(ATTRIBUTE, fixedId("attribute:" + d.logicalName + "." + a.name()), a.name(),
                    attributeSchemaName(d, a), d.logicalName, attributeType(a), null, true, writable,
                    writable && !pk, pk, a.name().equals(d.primaryName), d.custom && a.name().startsWith("new_")));
        }
        return out;
    }

    /** One row per navigation property of each lookup: how {@code <nav>@odata.bind} names it. */
    List<Row> manyToOne(EntityDef d) {
        List<Row> out = new ArrayList<>();
        for (AttributeDef a : d.attributes) {
            if (!a.isLookup()) {
                continue;
            }
            for (Map.Entry<String, String> bind : a.bindNames().entrySet()) {
                List<String> targets = bind.getValue() != null ? List.of(bind.getValue()) : a.targets();
                for (String target : targets) {
                    EntityDef t = schema.byLogicalName(target);
                    String name = target + "_" + d.logicalName + "_" + a.name();
                    out.add(row(RELATIONSHIP, fixedId("relationship:" + name + ":" + bind.getKey()), name, target,
                            t == null ? target + "id" : t.primaryId, d.logicalName, a.name(), bind.getKey()));
                }
            }
        }
        return out;
    }

    /** The JSON of one description: the selected properties (all if none), then MetadataId, always. */
    static Map<String, Object> render(EntityDef kind, Row row, List<AttributeDef> select) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (kind == ATTRIBUTE) {
            m.put("@odata.type", "#Microsoft.Dynamics.CRM." + odataType(String.valueOf(row.get(
                    kind.attributeByLogicalName("AttributeType")))));
        }
        List<AttributeDef> columns = select == null ? kind.attributes.subList(1, kind.attributes.size()) : select;
        for (AttributeDef a : columns) {
            if (a.type() != AttrType.PRIMARY_KEY) {
                m.put(a.name(), Values.toJson(row.get(a)));
            }
        }
        m.put("MetadataId", row.id);
        return m;
    }

    static String metadataId(EntityDef d) {
        return fixedId("entity:" + d.logicalName);
    }

    /** AttributeTypeCode names, as the AttributeType property shows them. */
    static String attributeType(AttributeDef a) {
        String n = a.name();
        return switch (a.type()) {
            case PRIMARY_KEY, GUID -> "Uniqueidentifier";
            case STRING -> "String";
            case INT -> n.equals("statecode") ? "State" : n.equals("statuscode") ? "Status"
                    : PICKLISTS.contains(n) ? "Picklist" : "Integer";
            case BIGINT -> "BigInt";
            case BOOL -> "Boolean";
            case DECIMAL -> "Decimal";
            case MONEY -> "Money";
            case DATETIME, DATEONLY -> "DateTime";
            case LOOKUP -> n.equals("ownerid") ? "Owner" : a.targets().containsAll(List.of("account", "contact"))
                    ? "Customer" : "Lookup";
        };
    }

    private static String odataType(String attributeType) {
        return switch (attributeType) {
            case "Uniqueidentifier" -> "UniqueIdentifierAttributeMetadata";
            case "Customer", "Owner", "Lookup" -> "LookupAttributeMetadata";
            default -> attributeType + "AttributeMetadata";
        };
    }

    private static String schemaName(EntityDef d) {
        String known = SCHEMA_NAMES.get(d.logicalName);
        if (known != null) {
            return known;
        }
        int underscore = d.logicalName.indexOf('_');
        String rest = d.logicalName.substring(underscore + 1);
        return d.logicalName.substring(0, underscore + 1) + rest.substring(0, 1).toUpperCase(Locale.ROOT)
                + rest.substring(1);
    }

    private static String attributeSchemaName(EntityDef d, AttributeDef a) {
        for (String bind : a.bindNames().keySet()) {
            if (bind.equalsIgnoreCase(a.name()) && !bind.equals(a.name())) {
                return bind;
            }
        }
        String n = a.name();
        return n.startsWith("new_") ? "new_" + n.substring(4, 5).toUpperCase(Locale.ROOT) + n.substring(5)
                : n.substring(0, 1).toUpperCase(Locale.ROOT) + n.substring(1);
    }

    private static Row row(EntityDef kind, String id, Object... values) {
        Object[] v = new Object[kind.width()];
        v[0] = id;
        System.arraycopy(values, 0, v, 1, values.length);
        return new Row(id, v);
    }

    private static String fixedId(String name) {
        return UUID.nameUUIDFromBytes(("dataverse-emulator-metadata-" + name).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    /** A virtual table: "Name" is a string property, "Name:bool" a boolean one; MetadataId is the key. */
    private static EntityDef virtual(String typeName, String setName, String... properties) {
        List<AttributeDef> attrs = new ArrayList<>();
        attrs.add(new AttributeDef("MetadataId", AttrType.PRIMARY_KEY, 0, List.of(), Map.of(), true, null));
        for (String p : properties) {
            boolean bool = p.endsWith(":bool");
            String name = bool ? p.substring(0, p.length() - 5) : p;
            attrs.add(new AttributeDef(name, bool ? AttrType.BOOL : AttrType.STRING, attrs.size(), List.of(),
                    Map.of(), true, null));
        }
        return new EntityDef(typeName, setName, null, false, false, attrs);
    }
}
