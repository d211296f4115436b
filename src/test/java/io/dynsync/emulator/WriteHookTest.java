package io.dynsync.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Write hooks ("plug-ins") that change a row right after a Web API write. */
class WriteHookTest {
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

    @Test
    void aHookChangesTheRowAfterTheWriteWithoutLooping() {
        List<String> seen = new CopyOnWriteArrayList<>();
        AtomicInteger calls = new AtomicInteger();
        HookRegistration hook = dv.data().onWrite("leads", (id, body) -> {
            calls.incrementAndGet();
            seen.add(id + " " + body.get("lastname"));
            Object last = dv.data().get("leads", id).orElseThrow().get("lastname");
            dv.data().update("leads", id, Map.of("lastname", String.valueOf(last).toUpperCase(Locale.ROOT)));
        });

        HttpResponse<String> r = http.send("POST", "leads?$select=lastname,versionnumber", "{\"lastname\":\"Doe\"}",
                "Prefer", "return=representation");
        assertThat(r.statusCode()).isEqualTo(201);
        JsonNode answered = TestHttp.json(r);
        String id = answered.get("leadid").asText();
        // the answer describes the request's own write; the hook's change is a later version by the same caller
        assertThat(answered.get("lastname").asText()).isEqualTo("Doe");
        Map<String, Object> stored = dv.data().get("leads", id).orElseThrow();
        assertThat(stored.get("lastname")).isEqualTo("DOE");
        assertThat((Long) stored.get("versionnumber")).isGreaterThan(answered.get("versionnumber").asLong());
        assertThat(stored.get("_modifiedby_value")).as("a plug-in acts for the caller").isEqualTo(dv.integrationUserId());
        assertThat(calls.get()).as("the hook's own update triggers nothing").isEqualTo(1);
        assertThat(seen).containsExactly(id + " Doe");

        http.send("PATCH", "leads(" + id + ")", "{\"lastname\":\"Roe\"}");
        assertThat(dv.data().get("leads", id).orElseThrow().get("lastname")).isEqualTo("ROE");
        assertThat(calls.get()).isEqualTo(2);

        dv.data().update("leads", id, Map.of("lastname", "human"));
        http.send("POST", "contacts", "{\"lastname\":\"other set\"}");
        assertThat(calls.get()).as("data API writes and other sets do not trigger it").isEqualTo(2);

        hook.close();
        http.send("PATCH", "leads(" + id + ")", "{\"lastname\":\"Late\"}");
        assertThat(dv.data().get("leads", id).orElseThrow().get("lastname")).isEqualTo("Late");
        assertThat(calls.get()).isEqualTo(2);
    }

    @Test
    void aFailingHookFailsTheWriteAndAChangeSetRollbackUndoesHookWrites() {
        String audit = dv.data().create("accounts", Map.of("name", "audit"));
        dv.data().onWrite("leads", (id, body) -> {
            dv.data().update("accounts", audit, Map.of("telephone1", "touched by " + body.get("lastname")));
            if ("Reject".equals(body.get("lastname"))) {
                throw new IllegalStateException("Leads named Reject are not allowed.");
            }
        });
        Map<String, Object> auditBefore = dv.data().get("accounts", audit).orElseThrow();

        HttpResponse<String> rejected = http.send("POST", "leads", "{\"lastname\":\"Reject\"}");
        assertThat(rejected.statusCode()).isEqualTo(400);
        assertThat(TestHttp.json(rejected).at("/error/code").asText()).isEqualTo("0x80040265");
        assertThat(TestHttp.json(rejected).at("/error/message").asText()).isEqualTo("Leads named Reject are not allowed.");
        assertThat(dv.data().count("leads")).isZero();
        assertThat(dv.data().get("accounts", audit).orElseThrow()).isEqualTo(auditBefore);

        HttpResponse<String> batch = http.batch(new BatchBuilder("batch_hook").beginChangeSet()
                .cs("1", "POST", "leads", "{\"lastname\":\"Fine\"}")
                .cs("2", "POST", "contacts", "{\"nickname\":\"bad\"}")
                .endChangeSet());
        assertThat(batch.statusCode()).isEqualTo(400);
        assertThat(dv.data().count("leads")).isZero();
        assertThat(dv.data().get("accounts", audit).orElseThrow()).as("the hook's write rolled back with the change set")
                .isEqualTo(auditBefore);

        assertThat(http.send("POST", "leads", "{\"lastname\":\"Fine\"}").statusCode()).isEqualTo(204);
        assertThat(dv.data().get("accounts", audit).orElseThrow().get("telephone1")).isEqualTo("touched by Fine");
    }
}
