package io.dynsync.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** QualifyLead and Merge through the Web API and the Java data API. */
class DomainActionsTest {
    private static final Instant T0 = Instant.parse("2024-05-01T08:00:00Z");
    private static final String QUALIFY_ALL = "{\"CreateAccount\":true,\"CreateContact\":true,"
            + "\"CreateOpportunity\":true,\"Status\":3}";
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

    private Map<String, Object> get(String set, String id) {
        return dv.data().get(set, id).orElseThrow();
    }

    private String newLead() {
        return dv.data().create("leads", Map.of("firstname", "Zoë", "lastname", "O'Brien",
                "emailaddress1", "zoe@contoso.example", "telephone1", "+1 425 555 0100", "jobtitle", "CTO",
                "companyname", "Contoso Ltd", "subject", "Interested in licences"));
    }

    @Test
    void qualifyLeadCreatesLinkedRecordsAndClosesTheLead() {
        String leadId = newLead();
        long leadVersion = (Long) get("leads", leadId).get("versionnumber");
        dv.clock().advance(Duration.ofMinutes(1));

        HttpResponse<String> r = http.send("POST", "leads(" + leadId + ")/Microsoft.Dynamics.CRM.QualifyLead", QUALIFY_ALL);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = TestHttp.json(r);
        assertThat(body.get("@odata.context").asText())
                .isEqualTo(dv.baseUrl() + "/api/data/v9.2/$metadata#Collection(Microsoft.Dynamics.CRM.crmbaseentity)");
        assertThat(body.get("value")).extracting(n -> n.get("@odata.type").asText()).containsExactly(
                "#Microsoft.Dynamics.CRM.account", "#Microsoft.Dynamics.CRM.contact", "#Microsoft.Dynamics.CRM.opportunity");
        String accountId = body.at("/value/0/accountid").asText();
        String contactId = body.at("/value/1/contactid").asText();
        String opportunityId = body.at("/value/2/opportunityid").asText();

        Map<String, Object> lead = get("leads", leadId);
        assertThat(lead.get("statecode")).isEqualTo(1);
        assertThat(lead.get("statuscode")).isEqualTo(3);
        assertThat(lead.get("_parentaccountid_value")).isEqualTo(accountId);
        assertThat(lead.get("_parentcontactid_value")).isEqualTo(contactId);
        assertThat(lead.get("_qualifyingopportunityid_value")).isEqualTo(opportunityId);
        assertThat((Long) lead.get("versionnumber")).isGreaterThan(leadVersion);
        assertThat(lead.get("modifiedon")).isEqualTo("2024-05-01T08:01:00Z");
        assertThat(lead.get("_modifiedby_value")).isEqualTo(dv.integrationUserId());

        Map<String, Object> contact = get("contacts", contactId);
        assertThat(contact).containsEntry("firstname", "Zoë").containsEntry("lastname", "O'Brien")
                .containsEntry("fullname", "Zoë O'Brien").containsEntry("emailaddress1", "zoe@contoso.example")
                .containsEntry("telephone1", "+1 425 555 0100").containsEntry("jobtitle", "CTO")
                .containsEntry("_originatingleadid_value", leadId).containsEntry("_parentcustomerid_value", accountId)
                .containsEntry("_parentcustomerid_value@Microsoft.Dynamics.CRM.lookuplogicalname", "account")
                .containsEntry("_createdby_value", dv.integrationUserId());
        Map<String, Object> account = get("accounts", accountId);
        assertThat(account).containsEntry("name", "Contoso Ltd").containsEntry("_originatingleadid_value", leadId);
        Map<String, Object> opportunity = get("opportunities", opportunityId);
        assertThat(opportunity).containsEntry("_originatingleadid_value", leadId)
                .containsEntry("_customerid_value", accountId)
                .containsEntry("_customerid_value@Microsoft.Dynamics.CRM.lookuplogicalname", "account")
                .containsEntry("_parentcontactid_value", contactId).containsEntry("name", "Interested in licences")
                .containsEntry("statecode", 0);

        // the lead is closed now: qualifying it again is refused and changes nothing
        Map<String, Object> closed = get("leads", leadId);
        HttpResponse<String> again = http.send("POST", "leads(" + leadId + ")/Microsoft.Dynamics.CRM.QualifyLead",
                QUALIFY_ALL);
        assertThat(again.statusCode()).isEqualTo(400);
        assertThat(TestHttp.json(again).at("/error/code").asText()).startsWith("0x");
        assertThat(TestHttp.json(again).at("/error/message").asText()).contains("already closed");
        assertThat(get("leads", leadId)).isEqualTo(closed);
        assertThat(dv.data().count("contacts")).isEqualTo(1);
    }

    @Test
    void qualifyLeadCreatesOnlyWhatIsAskedForAndChecksItsParameters() {
        String leadId = newLead();
        HttpResponse<String> r = http.send("POST", "leads(" + leadId + ")/Microsoft.Dynamics.CRM.QualifyLead",
                "{\"CreateAccount\":false,\"CreateContact\":true,\"CreateOpportunity\":true,\"Status\":-1}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode value = TestHttp.json(r).get("value");
        assertThat(value).hasSize(2);
        String contactId = value.get(0).get("contactid").asText();
        String opportunityId = value.get(1).get("opportunityid").asText();
        assertThat(dv.data().count("accounts")).isZero();
        assertThat(get("contacts", contactId).get("_parentcustomerid_value")).isNull();
        assertThat(get("opportunities", opportunityId))
                .containsEntry("_customerid_value", contactId)
                .containsEntry("_customerid_value@Microsoft.Dynamics.CRM.lookuplogicalname", "contact");
        assertThat(get("leads", leadId)).containsEntry("statuscode", 3).containsEntry("_parentaccountid_value", null);

        String other = newLead();
        String url = "leads(" + other + ")/Microsoft.Dynamics.CRM.QualifyLead";
        assertThat(http.send("POST", url, "{\"CreateAccount\":true}").statusCode()).isEqualTo(400);
        assertThat(http.send("POST", url, "{\"CreateAccount\":true,\"CreateContact\":true,\"CreateOpportunity\":true,"
                + "\"Status\":3,\"Bogus\":1}").statusCode()).isEqualTo(400);
        assertThat(http.send("POST", url, "{\"CreateAccount\":true,\"CreateContact\":true,\"CreateOpportunity\":true,"
                + "\"Status\":2}").statusCode()).isEqualTo(400);
        assertThat(http.get(url).statusCode()).isEqualTo(405);
        assertThat(get("leads", other).get("statecode")).isEqualTo(0);
        assertThat(http.send("POST", "leads(00000000-0000-4000-8000-000000000009)/Microsoft.Dynamics.CRM.QualifyLead",
                QUALIFY_ALL).statusCode()).isEqualTo(404);
    }

    @Test
    void qualifyLeadFromJavaActsAsTheHumanUser() {
        String leadId = newLead();
        QualifiedLead q = dv.data().qualifyLead(leadId, true, true, false);
        assertThat(q.accountId()).isNotNull();
        assertThat(q.contactId()).isNotNull();
        assertThat(q.opportunityId()).isNull();
        assertThat(get("leads", leadId)).containsEntry("statecode", 1).containsEntry("statuscode", 3)
                .containsEntry("_modifiedby_value", dv.humanUserId())
                .containsEntry("_parentcontactid_value", q.contactId());
        assertThat(get("contacts", q.contactId()).get("_createdby_value")).isEqualTo(dv.humanUserId());
        assertThatThrownBy(() -> dv.data().qualifyLead(leadId, true, true, true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("already closed");

        String noCompany = dv.data().create("leads", Map.of("lastname", "Solo"));
        QualifiedLead solo = dv.data().qualifyLead(noCompany, true, true, true);
        assertThat(solo.accountId()).as("no company name, no account").isNull();
        assertThat(get("opportunities", solo.opportunityId()).get("_customerid_value")).isEqualTo(solo.contactId());
    }

    @Test
    void mergeMovesChildrenAndDeactivatesTheSubordinate() {
        String account = dv.data().create("accounts", Map.of("name", "Acme"));
        String keep = dv.data().create("contacts", Map.of("lastname", "Keep", "jobtitle", "old"));
        String lose = dv.data().create("contacts", Map.of("lastname", "Lose"));
        String child = dv.data().create("contacts", Map.of("lastname", "Child",
                "parentcustomerid_contact@odata.bind", "/contacts(" + lose + ")"));
        String opp = dv.data().create("opportunities", Map.of("name", "Deal",
                "customerid_contact@odata.bind", "/contacts(" + lose + ")",
                "parentcontactid@odata.bind", "/contacts(" + lose + ")",
                "parentaccountid@odata.bind", "/accounts(" + account + ")"));
        String lead = dv.data().create("leads", Map.of("lastname", "L", "parentcontactid@odata.bind", "/contacts(" + lose + ")"));
        String untouched = dv.data().create("leads", Map.of("lastname", "U"));
        Map<String, Object> untouchedBefore = get("leads", untouched);
        long keepVersion = (Long) get("contacts", keep).get("versionnumber");
        long loseVersion = (Long) get("contacts", lose).get("versionnumber");
        dv.clock().advance(Duration.ofMinutes(3));

        HttpResponse<String> r = http.send("POST", "Merge", "{\"Target\":{\"@odata.type\":\"Microsoft.Dynamics.CRM.contact\","
                + "\"contactid\":\"" + keep + "\"},\"Subordinate\":{\"@odata.type\":\"Microsoft.Dynamics.CRM.contact\","
                + "\"contactid\":\"" + lose + "\"},\"UpdateContent\":{\"@odata.type\":\"Microsoft.Dynamics.CRM.contact\","
                + "\"jobtitle\":\"x\"},\"PerformParentingChecks\":false}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);

        Map<String, Object> target = get("contacts", keep);
        assertThat(target.get("jobtitle")).isEqualTo("x");
        assertThat((Long) target.get("versionnumber")).isGreaterThan(keepVersion);
        assertThat(target.get("modifiedon")).isEqualTo("2024-05-01T08:03:00Z");
        assertThat(target.get("merged")).isEqualTo(false);

        Map<String, Object> subordinate = get("contacts", lose);
        assertThat(subordinate).as("deactivated, not deleted").containsEntry("statecode", 1)
                .containsEntry("statuscode", 2).containsEntry("merged", true).containsEntry("_masterid_value", keep)
                .containsEntry("modifiedon", "2024-05-01T08:03:00Z")
                .containsEntry("_modifiedby_value", dv.integrationUserId());
        assertThat((Long) subordinate.get("versionnumber")).isGreaterThan(loseVersion);

        assertThat(get("contacts", child).get("_parentcustomerid_value")).isEqualTo(keep);
        assertThat(get("opportunities", opp)).containsEntry("_customerid_value", keep)
                .containsEntry("_parentcontactid_value", keep).containsEntry("_parentaccountid_value", account);
        assertThat(get("leads", lead).get("_parentcontactid_value")).isEqualTo(keep);
        assertThat(get("leads", untouched)).isEqualTo(untouchedBefore);

        HttpResponse<String> twice = http.send("POST", "Merge", "{\"Target\":{\"@odata.type\":\"Microsoft.Dynamics.CRM.contact\","
                + "\"contactid\":\"" + keep + "\"},\"Subordinate\":{\"@odata.type\":\"Microsoft.Dynamics.CRM.contact\","
                + "\"contactid\":\"" + lose + "\"},\"PerformParentingChecks\":false}");
        assertThat(twice.statusCode()).isEqualTo(400);
    }

    @Test
    void mergeOfLeadsAndAccountsAndItsErrors() {
        String keepLead = dv.data().create("leads", Map.of("lastname", "Keep"));
        String loseLead = dv.data().create("leads", Map.of("lastname", "Lose"));
        dv.data().merge("leads", keepLead, loseLead);
        assertThat(get("leads", loseLead)).containsEntry("merged", true).containsEntry("_masterid_value", keepLead)
                .containsEntry("_modifiedby_value", dv.humanUserId());
        assertThat(get("leads", loseLead).get("statecode")).as("inactive").isNotEqualTo(0);

        String keepAccount = dv.data().create("accounts", Map.of("name", "Keep"));
        String loseAccount = dv.data().create("accounts", Map.of("name", "Lose"));
        String contact = dv.data().create("contacts", Map.of("lastname", "C",
                "parentcustomerid_account@odata.bind", "/accounts(" + loseAccount + ")"));
        String project = dv.data().create("new_projects", Map.of("new_name", "P",
                "new_AccountId@odata.bind", "/accounts(" + loseAccount + ")"));
        HttpResponse<String> r = http.send("POST", "Merge", "{\"Target\":{\"@odata.type\":\"#Microsoft.Dynamics.CRM.account\","
                + "\"accountid\":\"" + keepAccount + "\"},\"Subordinate\":{\"@odata.type\":\"#Microsoft.Dynamics.CRM.account\","
                + "\"accountid\":\"" + loseAccount + "\"},\"UpdateContent\":{\"@odata.type\":\"#Microsoft.Dynamics.CRM.account\"},"
                + "\"PerformParentingChecks\":false}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
        assertThat(get("accounts", loseAccount)).containsEntry("statecode", 1).containsEntry("merged", true)
                .containsEntry("_masterid_value", keepAccount);
        assertThat(get("contacts", contact).get("_parentcustomerid_value")).isEqualTo(keepAccount);
        assertThat(get("new_projects", project).get("_new_accountid_value")).isEqualTo(keepAccount);

        String mixed = "{\"Target\":{\"@odata.type\":\"Microsoft.Dynamics.CRM.account\",\"accountid\":\"" + keepAccount
                + "\"},\"Subordinate\":{\"@odata.type\":\"Microsoft.Dynamics.CRM.contact\",\"contactid\":\"" + contact + "\"}}";
        assertThat(http.send("POST", "Merge", mixed).statusCode()).isEqualTo(400);
        String missing = "{\"Target\":{\"@odata.type\":\"Microsoft.Dynamics.CRM.contact\",\"contactid\":\"" + contact
                + "\"},\"Subordinate\":{\"@odata.type\":\"Microsoft.Dynamics.CRM.contact\",\"contactid\":"
                + "\"00000000-0000-4000-8000-000000000042\"}}";
        assertThat(http.send("POST", "Merge", missing).statusCode()).isEqualTo(404);
        String opportunities = "{\"Target\":{\"@odata.type\":\"Microsoft.Dynamics.CRM.opportunity\",\"opportunityid\":"
                + "\"00000000-0000-4000-8000-000000000001\"},\"Subordinate\":{\"@odata.type\":"
                + "\"Microsoft.Dynamics.CRM.opportunity\",\"opportunityid\":\"00000000-0000-4000-8000-000000000002\"}}";
        assertThat(http.send("POST", "Merge", opportunities).statusCode()).isEqualTo(400);
        assertThat(http.get("Merge").statusCode()).isEqualTo(405);
        assertThatThrownBy(() -> dv.data().merge("contacts", contact, contact)).isInstanceOf(IllegalArgumentException.class);
    }
}
