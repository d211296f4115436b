package io.dynsync.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** EntityDefinitions, Attributes, ManyToOneRelationships, the service document and $metadata. */
class MetadataTest {
    private static final Instant T0 = Instant.parse("2024-05-01T08:00:00Z");
    private DataverseEmulator dv;
    private TestHttp http;

    @BeforeEach
    void start() {
        dv = DataverseEmulator.start(TestHttp.empty(T0));
        http = new TestHttp(dv);
    }

    @AfterEach
    void stop() {
        dv.close();
    }

    private JsonNode ok(String path) {
        HttpResponse<String> r = http.get(path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return TestHttp.json(r);
    }

    private static List<String> names(JsonNode body, String property) {
        List<String> out = new ArrayList<>();
        body.get("value").forEach(v -> out.add(v.get(property).asText()));
        return out;
    }

    @Test
    void entityDefinitionsWithSelectAndFilters() {
        String select = "$select=LogicalName,EntitySetName,PrimaryIdAttribute,PrimaryNameAttribute,"
                + "ChangeTrackingEnabled,IsCustomEntity,IsOptimisticConcurrencyEnabled";
        JsonNode all = ok("EntityDefinitions?" + select);
        assertThat(all.get("@odata.context").asText()).isEqualTo(http.api + "$metadata#EntityDefinitions("
                + select.substring(8) + ")");
        assertThat(names(all, "EntitySetName")).containsExactly("systemusers", "teams", "teammemberships", "accounts",
                "contacts", "leads", "opportunities", "new_projects");
        assertThat(all.has("@odata.nextLink")).isFalse();

        JsonNode lead = ok("EntityDefinitions?" + select + "&$filter=LogicalName%20eq%20'lead'").get("value");
        assertThat(lead).hasSize(1);
        JsonNode l = lead.get(0);
        assertThat(l.get("EntitySetName").asText()).isEqualTo("leads");
        assertThat(l.get("PrimaryIdAttribute").asText()).isEqualTo("leadid");
        assertThat(l.get("PrimaryNameAttribute").asText()).isEqualTo("fullname");
        assertThat(l.get("ChangeTrackingEnabled").asBoolean()).isTrue();
        assertThat(l.get("IsCustomEntity").asBoolean()).isFalse();
        assertThat(l.get("IsOptimisticConcurrencyEnabled").asBoolean()).isTrue();
        assertThat(l.get("MetadataId").asText()).matches("[0-9a-f-]{36}");
        assertThat(l.has("SchemaName")).as("only what $select names, plus MetadataId").isFalse();

        assertThat(names(ok("EntityDefinitions?$select=LogicalName&$filter=EntitySetName%20eq%20'opportunities'"),
                "LogicalName")).containsExactly("opportunity");
        assertThat(names(ok("EntityDefinitions?$select=LogicalName&$filter=IsCustomEntity%20eq%20true"),
                "LogicalName")).containsExactly("new_project");
        assertThat(names(ok("EntityDefinitions?$select=LogicalName&$filter=ChangeTrackingEnabled%20eq%20true"),
                "LogicalName")).hasSize(7).doesNotContain("teammembership");
        assertThat(names(ok("EntityDefinitions?$select=LogicalName&$filter=ChangeTrackingEnabled%20eq%20true"
                + "%20and%20IsCustomEntity%20eq%20false"), "LogicalName")).hasSize(6);

        assertThat(http.get("EntityDefinitions?$top=1").statusCode()).isEqualTo(400);
        assertThat(http.get("EntityDefinitions?$select=NoSuchProperty").statusCode()).isEqualTo(400);
    }

    @Test
    void oneEntityDefinitionByLogicalName() {
        JsonNode account = ok("EntityDefinitions(LogicalName='account')"
                + "?$select=EntitySetName,ChangeTrackingEnabled,IsOptimisticConcurrencyEnabled");
        assertThat(account.get("@odata.context").asText()).isEqualTo(http.api + "$metadata#EntityDefinitions("
                + "EntitySetName,ChangeTrackingEnabled,IsOptimisticConcurrencyEnabled)/$entity");
        assertThat(account.get("EntitySetName").asText()).isEqualTo("accounts");
        assertThat(account.get("ChangeTrackingEnabled").asBoolean()).isTrue();
        // by MetadataId too
        JsonNode again = ok("EntityDefinitions(" + account.get("MetadataId").asText() + ")?$select=LogicalName");
        assertThat(again.get("LogicalName").asText()).isEqualTo("account");

        HttpResponse<String> missing = http.get("EntityDefinitions(LogicalName='nosuchtable')");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(TestHttp.json(missing).at("/error/code").asText()).isEqualTo("0x80040217");
    }

    @Test
    void attributesListLookupsUnderTheirLogicalName() {
        JsonNode attrs = ok("EntityDefinitions(LogicalName='contact')/Attributes"
                + "?$select=LogicalName,AttributeType,IsValidForRead,IsValidForCreate,IsValidForUpdate");
        Map<String, JsonNode> byName = new LinkedHashMap<>();
        attrs.get("value").forEach(a -> byName.put(a.get("LogicalName").asText(), a));
        assertThat(byName).containsKeys("contactid", "parentcustomerid", "ownerid", "emailaddress1", "modifiedon",
                "versionnumber").doesNotContainKey("_parentcustomerid_value");
        JsonNode customer = byName.get("parentcustomerid");
        assertThat(customer.get("AttributeType").asText()).isEqualTo("Customer");
        assertThat(customer.get("@odata.type").asText()).isEqualTo("#Microsoft.Dynamics.CRM.LookupAttributeMetadata");
        assertThat(customer.get("IsValidForCreate").asBoolean()).isTrue();
        assertThat(byName.get("ownerid").get("AttributeType").asText()).isEqualTo("Owner");
        assertThat(byName.get("statecode").get("AttributeType").asText()).isEqualTo("State");
        assertThat(byName.get("emailaddress1").get("AttributeType").asText()).isEqualTo("String");
        assertThat(byName.get("modifiedon").get("IsValidForCreate").asBoolean()).isFalse();
        assertThat(byName.get("modifiedon").get("IsValidForRead").asBoolean()).isTrue();
        assertThat(byName.get("contactid").get("IsValidForUpdate").asBoolean()).isFalse();
        assertThat(byName.get("fullname").get("IsValidForUpdate").asBoolean()).as("derived").isFalse();

        JsonNode lookups = ok("EntityDefinitions(LogicalName='lead')/Attributes?$select=LogicalName"
                + "&$filter=AttributeType%20eq%20'Lookup'%20and%20IsValidForCreate%20eq%20true");
        assertThat(names(lookups, "LogicalName")).contains("parentaccountid", "parentcontactid")
                .doesNotContain("createdby", "ownerid");

        JsonNode one = ok("EntityDefinitions(LogicalName='new_project')/Attributes(LogicalName='new_budget')"
                + "?$select=AttributeType");
        assertThat(one.get("AttributeType").asText()).isEqualTo("Decimal");
        assertThat(http.get("EntityDefinitions(LogicalName='nope')/Attributes").statusCode()).isEqualTo(404);
    }

    @Test
    void manyToOneRelationshipsGiveTheBindNames() {
        JsonNode rels = ok("EntityDefinitions(LogicalName='contact')/ManyToOneRelationships"
                + "?$select=ReferencingAttribute,ReferencingEntityNavigationPropertyName,ReferencedEntity"
                + "&$filter=ReferencingAttribute%20eq%20'parentcustomerid'");
        assertThat(names(rels, "ReferencingEntityNavigationPropertyName"))
                .containsExactly("parentcustomerid_account", "parentcustomerid_contact");
        assertThat(names(rels, "ReferencedEntity")).containsExactly("account", "contact");
        JsonNode custom = ok("EntityDefinitions(LogicalName='new_project')/ManyToOneRelationships"
                + "?$filter=ReferencingAttribute%20eq%20'new_accountid'");
        assertThat(names(custom, "ReferencingEntityNavigationPropertyName")).containsExactly("new_AccountId");
    }

    @Test
    void serviceDocumentAndCsdl() {
        JsonNode doc = ok("");
        assertThat(doc.get("@odata.context").asText()).isEqualTo(http.api + "$metadata");
        assertThat(names(doc, "name")).contains("leads", "new_projects", "EntityDefinitions");

        HttpResponse<String> csdl = http.get("$metadata");
        assertThat(csdl.statusCode()).isEqualTo(200);
        assertThat(csdl.headers().firstValue("Content-Type")).hasValue("application/xml");
        assertThat(csdl.body()).contains("<EntityType Name=\"lead\"><Key><PropertyRef Name=\"leadid\" /></Key>")
                .contains("<Property Name=\"_parentcustomerid_value\" Type=\"Edm.Guid\" />")
                .contains("<NavigationProperty Name=\"parentcustomerid_account\" Type=\"mscrm.account\" />")
                .contains("<EntitySet Name=\"leads\" EntityType=\"Microsoft.Dynamics.CRM.lead\" />")
                .doesNotContain("ChangeTracking");
        String annotated = http.get("$metadata?annotations=true").body();
        assertThat(annotated).contains("<EntitySet Name=\"leads\" EntityType=\"Microsoft.Dynamics.CRM.lead\">"
                + "<Annotation Term=\"Org.OData.Capabilities.V1.ChangeTracking\">")
                .contains("<EntitySet Name=\"teammemberships\" EntityType=\"Microsoft.Dynamics.CRM.teammembership\" />");
    }
}
