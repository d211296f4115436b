package io.dynsync.emulator;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Metadata requests of the Web API:
 * <pre>
 * GET EntityDefinitions?$select=…&amp;$filter=…                      every table, unpaged
 * GET EntityDefinitions(LogicalName='lead')?$select=…              one table (or by MetadataId)
 * GET EntityDefinitions(LogicalName='lead')/Attributes?$select=…   its columns (also Attributes(LogicalName='x'))
 * GET EntityDefinitions(LogicalName='lead')/ManyToOneRelationships its lookups' navigation properties
 * GET /api/data/v9.2/                                              the service document
 * GET /api/data/v9.2/$metadata                                     a minimal CSDL
 * </pre>
 * $select and $filter work as on data (the descriptions are rows of virtual tables, see {@link EntityMetadata});
 * enum literals and casts ({@code /Microsoft.Dynamics.CRM.LookupAttributeMetadata}) are not supported.
 */
final class MetadataReads {
    private static final Set<String> OPTIONS = Set.of("$select", "$filter", "$expand");

    private final Schema schema;
    private final EntityMetadata metadata;
    private final ChangeTracking tracking;

    MetadataReads(Schema schema, ChangeTracking tracking) {
        this.schema = schema;
        this.tracking = tracking;
        this.metadata = new EntityMetadata(schema, tracking);
    }

    ApiResponse entityDefinitions(ApiRequest req) {
        if (req.key() == null) {
            if (req.rest() != null) {
                throw DataverseError.segmentNotFound(req.rest());
            }
            return collection(req, EntityMetadata.ENTITY, metadata.entities(), "EntityDefinitions");
        }
        EntityDef table = metadata.table(req.key());
        if (table == null) {
            throw new DataverseError(404, DataverseError.RECORD_NOT_FOUND, "Could not find an entity with name '"
                    + req.key().replaceAll("^LogicalName='(.*)'$", "$1") + "'.");
        }
        String prefix = "EntityDefinitions(" + EntityMetadata.metadataId(table) + ")/";
        String rest = req.rest();
        if (rest == null) {
            return single(req, EntityMetadata.ENTITY, metadata.entity(table), "EntityDefinitions");
        }
        if (rest.equals("Attributes")) {
            return collection(req, EntityMetadata.ATTRIBUTE, metadata.attributes(table), prefix + "Attributes");
        }
        if (rest.startsWith("Attributes(LogicalName='") && rest.endsWith("')")) {
            String name = rest.substring("Attributes(LogicalName='".length(), rest.length() - 2);
            for (Row r : metadata.attributes(table)) {
                if (name.equals(r.get(EntityMetadata.ATTRIBUTE.attributeByLogicalName("LogicalName")))) {
                    return single(req, EntityMetadata.ATTRIBUTE, r, prefix + "Attributes");
                }
            }
            throw new DataverseError(404, DataverseError.RECORD_NOT_FOUND, "Could not find an attribute with name '"
                    + name + "' on the entity '" + table.logicalName + "'.");
        }
        if (rest.equals("ManyToOneRelationships")) {
            return collection(req, EntityMetadata.RELATIONSHIP, metadata.manyToOne(table),
                    prefix + "ManyToOneRelationships");
        }
        throw DataverseError.notImplemented("The metadata resource 'EntityDefinitions(…)/" + rest + "'");
    }

    private ApiResponse collection(ApiRequest req, EntityDef kind, List<Row> rows, String contextPath) {
        ReadOperations.checkOptions(req, OPTIONS);
        String selectText = req.query().get("$select");
        List<AttributeDef> select = ReadOperations.select(kind, selectText);
        RowFilter filter = ReadOperations.filter(req, kind);
        List<Object> value = new ArrayList<>();
        for (Row r : rows) {
            if (filter.matches(r)) {
                value.add(EntityMetadata.render(kind, r, select));
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("@odata.context", context(req, contextPath, selectText));
        body.put("value", value);
        ApiResponse r = ApiResponse.json(200, ODataJson.tree(body));
        r.rows = value.size();
        return r;
    }

    private ApiResponse single(ApiRequest req, EntityDef kind, Row row, String contextPath) {
        ReadOperations.checkOptions(req, Set.of("$select", "$expand"));
        String selectText = req.query().get("$select");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("@odata.context", context(req, contextPath, selectText) + "/$entity");
        body.putAll(EntityMetadata.render(kind, row, ReadOperations.select(kind, selectText)));
        return ApiResponse.json(200, ODataJson.tree(body));
    }

    private static String context(ApiRequest req, String path, String selectText) {
        return req.apiRoot() + "/$metadata#" + path
                + (selectText == null || selectText.isBlank() ? "" : "(" + selectText + ")");
    }


    /** {@code GET /api/data/v9.2/}: the entity sets, as OData's service document lists them. */
    ApiResponse serviceDocument(ApiRequest req) {
        List<Object> value = new ArrayList<>();
        for (EntityDef d : schema.all()) {
            value.add(entry(d.entitySet));
        }
        value.add(entry("EntityDefinitions"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("@odata.context", req.apiRoot() + "/$metadata");
        body.put("value", value);
        return ApiResponse.json(200, ODataJson.tree(body));
    }

    private static Map<String, Object> entry(String set) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", set);
        m.put("kind", "EntitySet");
        m.put("url", set);
        return m;
    }

    /**
     * {@code GET $metadata}: entity types with their key, properties (lookups as {@code _x_value}) and navigation
     * properties, and the entity sets; with {@code ?annotations=true} the ChangeTracking capability on the sets
     * that have it, as Dataverse marks them.
     */
    ApiResponse csdl(ApiRequest req) {
        boolean annotations = "true".equalsIgnoreCase(req.query().get("annotations"));
        StringBuilder x = new StringBuilder(16_384);
        x.append("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n")
                .append("<edmx:Edmx Version=\"4.0\" xmlns:edmx=\"http://docs.oasis-open.org/odata/ns/edmx\">\n")
                .append("<edmx:DataServices>\n")
                .append("<Schema Namespace=\"Microsoft.Dynamics.CRM\" Alias=\"mscrm\" ")
                .append("xmlns=\"http://docs.oasis-open.org/odata/ns/edm\">\n");
        for (EntityDef d : schema.all()) {
            x.append("<EntityType Name=\"").append(d.logicalName).append("\">")
                    .append("<Key><PropertyRef Name=\"").append(d.primaryId).append("\" /></Key>");
            for (AttributeDef a : d.attributes) {
                x.append("<Property Name=\"").append(a.webName()).append("\" Type=\"").append(a.type().edmName)
                        .append("\" />");
            }
            for (AttributeDef a : d.attributes) {
                for (Map.Entry<String, String> bind : a.bindNames().entrySet()) {
                    String target = bind.getValue() != null ? bind.getValue() : "principal";
                    x.append("<NavigationProperty Name=\"").append(bind.getKey()).append("\" Type=\"mscrm.")
                            .append(target).append("\" />");
                }
            }
            x.append("</EntityType>\n");
        }
        x.append("<EntityContainer Name=\"System\">\n");
        for (EntityDef d : schema.all()) {
            x.append("<EntitySet Name=\"").append(d.entitySet).append("\" EntityType=\"Microsoft.Dynamics.CRM.")
                    .append(d.logicalName).append("\"");
            if (annotations && tracking.enabled(d)) {
                x.append("><Annotation Term=\"Org.OData.Capabilities.V1.ChangeTracking\"><Record>")
                        .append("<PropertyValue Property=\"Supported\" Bool=\"true\" /></Record></Annotation>")
                        .append("</EntitySet>\n");
            } else {
                x.append(" />\n");
            }
        }
        x.append("</EntityContainer>\n</Schema>\n</edmx:DataServices>\n</edmx:Edmx>\n");
        ApiResponse r = ApiResponse.json(200, x.toString().getBytes(StandardCharsets.UTF_8));
        r.contentType = "application/xml";
        return r;
    }
}
