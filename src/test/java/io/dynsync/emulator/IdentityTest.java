package io.dynsync.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** createdby/modifiedby: token users, the integration user, and the data API's human user. */
class IdentityTest {
    private static final Instant T0 = Instant.parse("2024-05-01T08:00:00Z");
    private DataverseEmulator dv;

    @AfterEach
    void stop() {
        dv.close();
    }

    @Test
    void tokenWritesCarryTheirUserAndDataApiWritesTheHuman() {
        dv = DataverseEmulator.start(TestHttp.empty(T0).authMode(EmulatorOptions.AuthMode.TOKEN));
        TestHttp http = new TestHttp(dv);
        String salesUser = dv.data().create("systemusers", Map.of("firstname", "Sam", "lastname", "Seller"));
        dv.acceptToken("sync-token");
        dv.acceptToken("sam-token", salesUser);

        HttpResponse<String> created = http.send("POST", "leads", "{\"lastname\":\"Doe\"}",
                "Authorization", "Bearer sync-token");
        String id = created.headers().firstValue("OData-EntityId").orElseThrow().replaceAll(".*\\((.*)\\)$", "$1");
        Map<String, Object> lead = dv.data().get("leads", id).orElseThrow();
        assertThat(lead.get("_createdby_value")).isEqualTo(dv.integrationUserId());
        assertThat(lead.get("_modifiedby_value")).isEqualTo(dv.integrationUserId());
        assertThat(lead.get("_modifiedby_value@OData.Community.Display.V1.FormattedValue")).isEqualTo("Sync Integration");
        assertThat(lead.get("_modifiedby_value@Microsoft.Dynamics.CRM.lookuplogicalname")).isEqualTo("systemuser");
        assertThat(lead.get("_modifiedby_value@Microsoft.Dynamics.CRM.associatednavigationproperty")).isEqualTo("modifiedby");

        http.send("PATCH", "leads(" + id + ")", "{\"jobtitle\":\"CTO\"}", "Authorization", "Bearer sam-token");
        lead = dv.data().get("leads", id).orElseThrow();
        assertThat(lead.get("_createdby_value")).isEqualTo(dv.integrationUserId());
        assertThat(lead.get("_modifiedby_value")).isEqualTo(salesUser);
        assertThat(lead.get("_modifiedby_value@OData.Community.Display.V1.FormattedValue")).isEqualTo("Sam Seller");

        dv.data().update("leads", id, Map.of("jobtitle", "CEO"));
        assertThat(dv.data().get("leads", id).orElseThrow().get("_modifiedby_value")).isEqualTo(dv.humanUserId());
        assertThat(dv.data().get("systemusers", dv.humanUserId()).orElseThrow().get("fullname")).isEqualTo("Dana Human");

        JsonNode whoAmI = TestHttp.json(http.get("WhoAmI", "Authorization", "Bearer sam-token"));
        assertThat(whoAmI.get("UserId").asText()).isEqualTo(salesUser);
    }

    @Test
    void modifiedbyIsSelectableFilterableAndNotWritable() {
        dv = DataverseEmulator.start(TestHttp.empty(T0));
        TestHttp http = new TestHttp(dv);
        String human = dv.data().create("contacts", Map.of("lastname", "ByHuman"));
        HttpResponse<String> viaApi = http.send("POST", "contacts", "{\"lastname\":\"BySync\","
                + "\"modifiedby@odata.bind\":\"/systemusers(" + dv.humanUserId() + ")\",\"createdby\":null}");
        assertThat(viaApi.statusCode()).as("stamps are set by the server, binds to them ignored").isEqualTo(204);

        JsonNode bySync = TestHttp.json(http.get("contacts?$select=lastname,_modifiedby_value,_createdby_value"
                + "&$filter=_modifiedby_value%20eq%20" + dv.integrationUserId()));
        assertThat(bySync.get("value")).hasSize(1);
        assertThat(bySync.at("/value/0/lastname").asText()).isEqualTo("BySync");
        assertThat(bySync.at("/value/0/_createdby_value").asText()).isEqualTo(dv.integrationUserId());
        JsonNode byHuman = TestHttp.json(http.get("contacts?$select=lastname&$filter=_modifiedby_value%20eq%20'"
                + dv.humanUserId() + "'"));
        assertThat(byHuman.at("/value/0/contactid").asText()).isEqualTo(human);
        assertThat(byHuman.get("value")).hasSize(1);

        assertThat(http.send("POST", "contacts", "{\"lastname\":\"X\",\"_modifiedby_value\":\"" + dv.humanUserId() + "\"}")
                .statusCode()).isEqualTo(400);
        // the control interface writes as the human too
        http.send("PATCH", dv.baseUrl() + "/_emulator/data/contacts(" + human + ")", "{\"jobtitle\":\"x\"}");
        assertThat(dv.data().get("contacts", human).orElseThrow().get("_modifiedby_value")).isEqualTo(dv.humanUserId());
        assertThat(dv.integrationUserId()).isNotEqualTo(dv.humanUserId());
    }
}
