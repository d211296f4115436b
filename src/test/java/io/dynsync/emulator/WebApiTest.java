package io.dynsync.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebApiTest {
    private static final Instant T0 = Instant.parse("2024-05-01T08:00:00Z");
    private DataverseEmulator dv;
    private TestHttp http;
    private String accountId;
    private String userId;

    @BeforeEach
    void start() {
        dv = DataverseEmulator.start(TestHttp.empty(T0));
        http = new TestHttp(dv);
        userId = dv.data().create("systemusers", Map.of("firstname", "Ada", "lastname", "Lovelace"));
        accountId = dv.data().create("accounts", Map.of("name", "Contoso", "ownerid@odata.bind",
                "/systemusers(" + userId + ")"));
    }

    @AfterEach
    void stop() {
        dv.close();
    }

    private static String error(HttpResponse<String> r) {
        return TestHttp.json(r).at("/error/code").asText();
    }

    @Test
    void selectReturnsKeyAlwaysAndRejectsUnknownOrBareLookups() {
        dv.data().create("contacts", Map.of("firstname", "Zoë", "lastname", "O'Brien",
                "parentcustomerid_account@odata.bind", "/accounts(" + accountId + ")"));
        HttpResponse<String> ok = http.get("contacts?$select=fullname,_parentcustomerid_value,versionnumber");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.headers().firstValue("Content-Type")).hasValue("application/json; odata.metadata=minimal");
        assertThat(ok.headers().firstValue("OData-Version")).hasValue("4.0");
        JsonNode body = TestHttp.json(ok);
        assertThat(body.get("@odata.context").asText())
                .isEqualTo(dv.baseUrl() + "/api/data/v9.2/$metadata#contacts(fullname,_parentcustomerid_value,versionnumber)");
        JsonNode row = body.get("value").get(0);
        List<String> fields = new ArrayList<>();
        row.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("@odata.etag", "fullname", "_parentcustomerid_value", "versionnumber",
                "contactid");
        assertThat(row.get("fullname").asText()).isEqualTo("Zoë O'Brien");
        assertThat(row.get("@odata.etag").asText()).isEqualTo("W/\"" + row.get("versionnumber").asLong() + "\"");

        HttpResponse<String> unknown = http.get("contacts?$select=fullname,nickname");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(error(unknown)).isEqualTo("0x80060888");
        assertThat(TestHttp.json(unknown).at("/error/message").asText())
                .isEqualTo("Could not find a property named 'nickname' on type 'Microsoft.Dynamics.CRM.contact'.");
        assertThat(http.get("contacts?$select=parentcustomerid").statusCode()).isEqualTo(400);
        assertThat(http.get("contacts?$skip=1").statusCode()).isEqualTo(400);
        assertThat(http.get("contacts?$search=x").statusCode()).isEqualTo(400);
        assertThat(http.get("contacts?$format=json").statusCode()).isEqualTo(400);
        HttpResponse<String> noSet = http.get("widgets");
        assertThat(noSet.statusCode()).isEqualTo(404);
        assertThat(TestHttp.json(noSet).at("/error/message").asText())
                .isEqualTo("Resource not found for the segment 'widgets'.");
    }

    @Test
    void createHonoursClientKeyBindsAndIgnoresSystemColumns() {
        String id = "7eb682f1-0000-4000-8000-000000000001";
        HttpResponse<String> created = http.send("POST", "contacts", "{\"contactid\":\"" + id + "\",\"firstname\":\"Łukasz\","
                + "\"lastname\":\"Nowak\",\"emailaddress1\":\"l.nowak+crm@example.com\",\"createdon\":\"2001-01-01T00:00:00Z\","
                + "\"versionnumber\":5,\"parentcustomerid_account@odata.bind\":\"accounts(" + accountId + ")\","
                + "\"ownerid@odata.bind\":\"/systemusers(" + userId + ")\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(204);
        assertThat(created.headers().firstValue("OData-EntityId"))
                .hasValue(dv.baseUrl() + "/api/data/v9.2/contacts(" + id + ")");
        Map<String, Object> stored = dv.data().get("contacts", id).orElseThrow();
        assertThat(stored.get("createdon")).isEqualTo("2024-05-01T08:00:00Z");
        assertThat(stored.get("modifiedon")).isEqualTo("2024-05-01T08:00:00Z");
        assertThat((Long) stored.get("versionnumber")).isGreaterThan(5L);
        assertThat(stored.get("_parentcustomerid_value")).isEqualTo(accountId);
        assertThat(stored.get("_parentcustomerid_value@Microsoft.Dynamics.CRM.lookuplogicalname")).isEqualTo("account");
        assertThat(stored.get("_parentcustomerid_value@OData.Community.Display.V1.FormattedValue")).isEqualTo("Contoso");

        HttpResponse<String> repr = http.send("POST", "opportunities?$select=name,_customerid_value",
                "{\"name\":\"Deal\",\"estimatedvalue\":1234.5,\"estimatedclosedate\":\"2024-06-30\","
                        + "\"customerid_contact@odata.bind\":\"/contacts(" + id + ")\"}",
                "Prefer", "return=representation");
        assertThat(repr.statusCode()).isEqualTo(201);
        assertThat(repr.headers().firstValue("Preference-Applied")).hasValue("return=representation");
        JsonNode body = TestHttp.json(repr);
        assertThat(body.get("@odata.context").asText()).endsWith("$metadata#opportunities(name,_customerid_value)/$entity");
        assertThat(body.get("_customerid_value").asText()).isEqualTo(id);
        assertThat(body.has("@odata.etag")).isTrue();

        HttpResponse<String> project = http.send("POST", "new_projects", "{\"new_name\":\"P\",\"new_budget\":10.25,"
                + "\"new_startdate\":\"2024-01-02\",\"new_AccountId@odata.bind\":\"/accounts(" + accountId + ")\"}",
                "Prefer", "return=representation");
        assertThat(TestHttp.json(project).get("_new_accountid_value").asText()).isEqualTo(accountId);
        assertThat(TestHttp.json(project).get("new_startdate").asText()).isEqualTo("2024-01-02");
        assertThat(TestHttp.json(project).get("new_budget").decimalValue()).isEqualByComparingTo("10.25");
    }

    @Test
    void badBindsAndDirectLookupWritesAre400() {
        HttpResponse<String> wrongName = http.send("POST", "contacts",
                "{\"lastname\":\"X\",\"parentcustomerid@odata.bind\":\"/accounts(" + accountId + ")\"}");
        assertThat(wrongName.statusCode()).isEqualTo(400);
        assertThat(error(wrongName)).isEqualTo("0x80048d19");
        HttpResponse<String> caseMatters = http.send("POST", "new_projects",
                "{\"new_name\":\"X\",\"new_accountid@odata.bind\":\"/accounts(" + accountId + ")\"}");
        assertThat(error(caseMatters)).isEqualTo("0x80048d19");
        HttpResponse<String> direct = http.send("POST", "contacts",
                "{\"lastname\":\"X\",\"_parentcustomerid_value\":\"" + accountId + "\"}");
        assertThat(direct.statusCode()).isEqualTo(400);
        HttpResponse<String> wrongTarget = http.send("POST", "contacts",
                "{\"lastname\":\"X\",\"parentcustomerid_account@odata.bind\":\"/contacts(" + accountId + ")\"}");
        assertThat(wrongTarget.statusCode()).isEqualTo(400);
    }

    @Test
    void patchUpsertsAndHonoursConditions() {
        String id = dv.data().create("leads", Map.of("lastname", "Doe"));
        long v1 = (Long) dv.data().get("leads", id).orElseThrow().get("versionnumber");
        String etag = "W/\"" + v1 + "\"";

        dv.clock().advance(Duration.ofMinutes(5));
        HttpResponse<String> update = http.send("PATCH", "leads(" + id + ")", "{\"jobtitle\":\"CTO\"}",
                "If-Match", etag, "Prefer", "return=representation");
        assertThat(update.statusCode()).isEqualTo(200);
        JsonNode updated = TestHttp.json(update);
        assertThat(updated.get("modifiedon").asText()).isEqualTo("2024-05-01T08:05:00Z");
        assertThat(updated.get("createdon").asText()).isEqualTo("2024-05-01T08:00:00Z");
        assertThat(updated.get("versionnumber").asLong()).isGreaterThan(v1);

        HttpResponse<String> stale = http.send("PATCH", "leads(" + id + ")", "{\"jobtitle\":\"CEO\"}", "If-Match", etag);
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(error(stale)).isEqualTo("0x80060882");
        HttpResponse<String> staleDelete = http.send("DELETE", "leads(" + id + ")", null, "If-Match", etag);
        assertThat(staleDelete.statusCode()).isEqualTo(412);

        HttpResponse<String> createOnly = http.send("PATCH", "leads(" + id + ")", "{\"jobtitle\":\"x\"}",
                "If-None-Match", "*");
        assertThat(createOnly.statusCode()).isEqualTo(412);
        assertThat(error(createOnly)).isEqualTo("0x80040237");

        String missing = "00000000-0000-4000-8000-00000000abcd";
        HttpResponse<String> updateOnly = http.send("PATCH", "leads(" + missing + ")", "{\"jobtitle\":\"x\"}",
                "If-Match", "*");
        assertThat(updateOnly.statusCode()).isEqualTo(404);
        assertThat(error(updateOnly)).isEqualTo("0x80040217");
        assertThat(TestHttp.json(updateOnly).at("/error/message").asText())
                .isEqualTo("lead With Id = " + missing + " Does Not Exist");

        HttpResponse<String> upsert = http.send("PATCH", "leads(" + missing + ")", "{\"lastname\":\"New\"}",
                "If-None-Match", "null");
        assertThat(upsert.statusCode()).isEqualTo(204);
        assertThat(upsert.headers().firstValue("OData-EntityId")).hasValueSatisfying(v -> assertThat(v).endsWith(missing + ")"));
        assertThat(dv.data().get("leads", missing)).isPresent();
        String other = "00000000-0000-4000-8000-00000000abce";
        assertThat(http.send("PATCH", "leads(" + other + ")", "{\"lastname\":\"New\"}", "Prefer",
                "return=representation").statusCode()).isEqualTo(201);

        assertThat(http.send("DELETE", "leads(" + id + ")", null).statusCode()).isEqualTo(204);
        HttpResponse<String> again = http.send("DELETE", "leads(" + id + ")", null);
        assertThat(again.statusCode()).isEqualTo(404);
        assertThat(error(again)).isEqualTo("0x80040217");
    }

    @Test
    void singleRecordCarriesEtagAndConditionalGetAnswers304() {
        String id = dv.data().create("leads", Map.of("lastname", "Doe", "firstname", "Jane"));
        HttpResponse<String> r = http.get("leads(" + id + ")?$select=lastname");
        JsonNode body = TestHttp.json(r);
        assertThat(body.get("@odata.context").asText()).endsWith("/api/data/v9.2/$metadata#leads(lastname)/$entity");
        assertThat(body.get("lastname").asText()).isEqualTo("Doe");
        assertThat(body.has("firstname")).isFalse();
        assertThat(body.get("leadid").asText()).isEqualTo(id);
        String etag = body.get("@odata.etag").asText();
        assertThat(http.get("leads(" + id + ")", "If-None-Match", etag).statusCode()).isEqualTo(304);
        assertThat(http.get("leads(" + id + ")", "If-None-Match", "null").statusCode()).isEqualTo(200);
        // another id for certain (replacing characters could leave a random id unchanged)
        String other = (id.charAt(0) == '0' ? "1" : "0") + id.substring(1);
        assertThat(http.get("leads(" + other + ")").statusCode()).isEqualTo(404);
        assertThat(http.get("leads(nope)").statusCode()).isEqualTo(400);
    }

    @Test
    void dateHeaderAndStampsFollowTheEmulatorClock() {
        HttpResponse<String> r = http.get("leads");
        Instant date = ZonedDateTime.parse(r.headers().firstValue("Date").orElseThrow(),
                DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        assertThat(date).isEqualTo(T0);
        dv.clock().advance(Duration.ofDays(2));
        r = http.get("leads");
        date = ZonedDateTime.parse(r.headers().firstValue("Date").orElseThrow(),
                DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        assertThat(date).isEqualTo(T0.plus(Duration.ofDays(2)));
        assertThat(dv.requests()).hasSize(2);
        assertThat(dv.requests().get(1).at()).isEqualTo(T0.plus(Duration.ofDays(2)));
    }

    @Test
    void countsAndRetrieveTotalRecordCount() {
        dv.close();
        dv = DataverseEmulator.start(TestHttp.empty(T0).count("leads", 6000).count("contacts", 3));
        http = new TestHttp(dv);
        HttpResponse<String> count = http.get("leads/$count");
        assertThat(count.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/plain");
        assertThat(count.body()).isEqualTo("5000");
        JsonNode page = TestHttp.json(http.get("leads?$count=true&$select=leadid", "Prefer",
                "odata.maxpagesize=10,odata.include-annotations=\"Microsoft.Dynamics.CRM.totalrecordcount,"
                        + "Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded\""));
        assertThat(page.get("@odata.count").asInt()).isEqualTo(5000);
        assertThat(page.get("@Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded").asBoolean()).isTrue();
        assertThat(http.get("contacts/$count?$filter=statecode%20eq%200").body()).isEqualTo("3");

        JsonNode total = TestHttp.json(http.get("RetrieveTotalRecordCount(EntityNames=%5B'lead','contact'%5D)"));
        assertThat(total.get("@odata.context").asText())
                .endsWith("$metadata#Microsoft.Dynamics.CRM.RetrieveTotalRecordCountResponse");
        JsonNode c = total.get("EntityRecordCountCollection");
        assertThat(c.get("Count").asInt()).isEqualTo(2);
        assertThat(c.get("Keys").toString()).isEqualTo("[\"lead\",\"contact\"]");
        assertThat(c.get("Values").toString()).isEqualTo("[6000,3]");
        JsonNode alias = TestHttp.json(http.get("RetrieveTotalRecordCount(EntityNames=@p1)?@p1=%5B'lead'%5D"));
        assertThat(alias.at("/EntityRecordCountCollection/Values/0").asInt()).isEqualTo(6000);
    }

    @Test
    void annotationsOnRequest() {
        String teamId = dv.data().create("teams", Map.of("name", "Sales EMEA"));
        dv.data().create("leads", Map.of("lastname", "Doe", "ownerid@odata.bind", "/teams(" + teamId + ")"));
        HttpResponse<String> r = http.get("leads?$select=_ownerid_value", "Prefer", "odata.include-annotations=\"*\"");
        assertThat(r.headers().firstValue("Preference-Applied")).hasValue("odata.include-annotations=\"*\"");
        JsonNode row = TestHttp.json(r).get("value").get(0);
        assertThat(row.get("_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname").asText()).isEqualTo("team");
        assertThat(row.get("_ownerid_value@OData.Community.Display.V1.FormattedValue").asText()).isEqualTo("Sales EMEA");
        JsonNode plain = TestHttp.json(http.get("leads?$select=_ownerid_value")).get("value").get(0);
        assertThat(plain.has("_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname")).isFalse();
    }

    @Test
    void tokenModeAnswers401WithChallenge() {
        dv.close();
        dv = DataverseEmulator.start(TestHttp.empty(T0).authMode(EmulatorOptions.AuthMode.TOKEN));
        http = new TestHttp(dv);
        HttpResponse<String> none = http.get("leads");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(none.body()).isEmpty();
        // the challenge names the emulator's own authority, where its token endpoint is
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer authorization_uri="
                + dv.authorityUrl() + "oauth2/authorize, resource_id=" + dv.baseUrl() + "/");
        assertThat(http.get("leads", "Authorization", "Bearer unknown").statusCode()).isEqualTo(401);
        dv.acceptToken("t1");
        assertThat(http.get("leads", "Authorization", "Bearer t1").statusCode()).isEqualTo(200);
        dv.revokeToken("t1");
        assertThat(http.get("leads", "Authorization", "Bearer t1").statusCode()).isEqualTo(401);
    }

    @Test
    void injectedFailuresAndHolds() throws Exception {
        dv.faults().fail(r -> "leads".equals(r.entitySet()) && r.pageNumber() == 1, 429, 2, 7);
        HttpResponse<String> first = http.get("leads");
        assertThat(first.statusCode()).isEqualTo(429);
        assertThat(first.headers().firstValue("Retry-After")).hasValue("7");
        assertThat(error(first)).isEqualTo("0x80072322");
        assertThat(http.get("accounts").statusCode()).isEqualTo(200);
        assertThat(http.get("leads").statusCode()).isEqualTo(429);
        assertThat(http.get("leads").statusCode()).isEqualTo(200);
        assertThat(dv.requests()).extracting(RecordedRequest::status).containsExactly(429, 200, 429, 200);

        Hold hold = dv.faults().hold(r -> r.method().equals("GET") && "accounts".equals(r.entitySet()));
        CompletableFuture<HttpResponse<String>> pending = CompletableFuture.supplyAsync(() -> http.get("accounts"));
        assertThat(hold.awaitArrived(Duration.ofSeconds(5))).isTrue();
        Thread.sleep(200);
        assertThat(pending).isNotDone();
        assertThat(http.get("leads").statusCode()).isEqualTo(200);
        hold.release();
        assertThat(pending.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    void laterRoundFeaturesAnswerWithDataverseErrors() {
        assertThat(http.get("RelationshipDefinitions").statusCode()).isEqualTo(501);
        assertThat(http.get("EntityDefinitions(LogicalName='lead')/Keys").statusCode()).isEqualTo(501);
        assertThat(http.send("POST", "accounts(" + accountId + ")/Microsoft.Dynamics.CRM.QualifyLead", "{}")
                .statusCode()).isEqualTo(501);
    }

    @Test
    void controlInterfaceMirrorsTheJavaApi() {
        String root = dv.baseUrl() + "/_emulator/";
        HttpResponse<String> frozen = http.send("POST", root + "clock", "{\"freeze\":\"2025-01-02T03:04:05Z\"}");
        assertThat(TestHttp.json(frozen).get("now").asText()).isEqualTo("2025-01-02T03:04:05Z");
        http.send("POST", root + "clock", "{\"advanceSeconds\":60}");
        assertThat(dv.clock().now()).isEqualTo(Instant.parse("2025-01-02T03:05:05Z"));

        HttpResponse<String> created = http.send("POST", root + "data/leads", "{\"lastname\":\"Ctl\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        String id = TestHttp.json(created).get("id").asText();
        assertThat(dv.data().get("leads", id).orElseThrow().get("createdon")).isEqualTo("2025-01-02T03:05:05Z");
        JsonNode patched = TestHttp.json(http.send("PATCH", root + "data/leads(" + id + ")", "{\"firstname\":\"A\"}"));
        assertThat(patched.get("fullname").asText()).isEqualTo("A Ctl");
        assertThat(TestHttp.json(http.get(root + "data/leads")).get("value")).hasSize(1);
        http.get("leads");
        assertThat(TestHttp.json(http.get(root + "requests")).get("value")).hasSize(1);
        assertThat(http.send("DELETE", root + "requests", null).statusCode()).isEqualTo(204);
        assertThat(dv.requests()).isEmpty();
        assertThat(http.send("DELETE", root + "data/leads(" + id + ")", null).statusCode()).isEqualTo(204);
        assertThat(http.get(root + "data/leads(" + id + ")").statusCode()).isEqualTo(404);
        http.send("POST", root + "clock", "{\"resume\":true}");
        assertThat(dv.clock().isFrozen()).isFalse();
    }
}
