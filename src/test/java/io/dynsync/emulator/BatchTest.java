package io.dynsync.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** $batch over real HTTP: order, change sets, atomicity, Content-ID references, error modes, limits. */
class BatchTest {
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

    private Map<String, Object> lead(String id) {
        return dv.data().get("leads", id).orElseThrow();
    }

    @Test
    void twoChangeSetsAndAGetAnswerInRequestOrder() {
        String existing = dv.data().create("leads", Map.of("lastname", "Old"));
        dv.clearRequests();
        BatchBuilder b = new BatchBuilder("batch_abc")
                .beginChangeSet()
                .cs("1", "POST", "leads", "{\"lastname\":\"Doe\"}")
                .cs("2", "PATCH", "leads(" + existing + ")", "{\"jobtitle\":\"CTO\"}")
                .endChangeSet()
                .get("leads?$select=lastname,jobtitle&$orderby=lastname asc")
                .beginChangeSet()
                .cs("a", "POST", dv.baseUrl() + "/api/data/v9.2/accounts", "{\"name\":\"Acme\"}",
                        "Prefer", "return=representation")
                .endChangeSet();
        HttpResponse<String> r = http.batch(b);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElseThrow()).startsWith("multipart/mixed; boundary=batchresponse_");
        assertThat(r.headers().firstValue("OData-Version")).hasValue("4.0");
        assertThat(r.headers().firstValue("Preference-Applied")).isEmpty();
        BatchReply reply = new BatchReply(r);
        assertThat(reply.items).hasSize(3);

        BatchReply.Item first = reply.items.get(0);
        assertThat(first.changeSet()).isTrue();
        assertThat(first.parts()).extracting(BatchReply.Part::contentId).containsExactly("1", "2");
        assertThat(first.parts()).extracting(BatchReply.Part::status).containsExactly(204, 204);
        BatchReply.Part created = first.parts().get(0);
        assertThat(created.reason()).isEqualTo("No Content");
        String newId = created.header("OData-EntityId").replaceAll(".*\\((.*)\\)$", "$1");
        assertThat(created.header("OData-EntityId")).isEqualTo(dv.baseUrl() + "/api/data/v9.2/leads(" + newId + ")");
        assertThat(created.header("Location")).isEqualTo(created.header("OData-EntityId"));
        assertThat(created.header("ETag")).isEqualTo(lead(newId).get("@odata.etag"));
        assertThat(first.parts().get(1).header("ETag")).isEqualTo(lead(existing).get("@odata.etag"));

        // the GET runs after the first change set committed and sees its writes
        BatchReply.Part get = reply.items.get(1).single();
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.header("Content-Type")).isEqualTo("application/json; odata.metadata=minimal");
        assertThat(get.json().get("value")).extracting(n -> n.get("lastname").asText() + "/" + n.get("jobtitle").asText())
                .containsExactly("Doe/null", "Old/CTO");

        BatchReply.Part account = reply.items.get(2).parts().get(0);
        assertThat(reply.items.get(2).changeSet()).isTrue();
        assertThat(account.contentId()).isEqualTo("a");
        assertThat(account.status()).isEqualTo(201);
        assertThat(account.json().get("name").asText()).isEqualTo("Acme");
        assertThat(dv.data().count("accounts")).isEqualTo(1);

        // one HTTP request, logged first, then one entry per operation marked as coming from the batch
        List<RecordedRequest> log = dv.requests();
        assertThat(log).hasSize(5);
        assertThat(log.get(0).isBatch()).isTrue();
        assertThat(log.get(0).inBatch()).isFalse();
        assertThat(log.get(0).status()).isEqualTo(200);
        assertThat(log.subList(1, 5)).allSatisfy(e -> {
            assertThat(e.inBatch()).isTrue();
            assertThat(e.isBatch()).isFalse();
        });
        assertThat(log.subList(1, 5)).extracting(RecordedRequest::method).containsExactly("POST", "PATCH", "GET", "POST");
        assertThat(log.subList(1, 5)).extracting(RecordedRequest::entitySet)
                .containsExactly("leads", "leads", "leads", "accounts");
        assertThat(log.get(4).path()).isEqualTo("/api/data/v9.2/accounts");
        assertThat(log.get(3).pageNumber()).isEqualTo(1);
        assertThat(log.get(3).rows()).isEqualTo(2);
    }

    @Test
    void aFailingOperationRollsBackItsWholeChangeSet() {
        String a = dv.data().create("leads", Map.of("lastname", "A", "jobtitle", "before"));
        String b = dv.data().create("leads", Map.of("lastname", "B"));
        Map<String, Object> aBefore = lead(a);
        Map<String, Object> bBefore = lead(b);
        int leadsBefore = dv.data().count("leads");

        HttpResponse<String> r = http.batch(new BatchBuilder("batch_rb")
                .beginChangeSet()
                .cs("1", "PATCH", "leads(" + a + ")", "{\"jobtitle\":\"after\"}")
                .cs("2", "POST", "leads", "{\"lastname\":\"New\"}")
                .cs("3", "DELETE", "leads(" + b + ")", null)
                .cs("4", "PATCH", "leads(" + a + ")", "{\"nickname\":\"x\"}")
                .cs("5", "POST", "leads", "{\"lastname\":\"Never\"}")
                .endChangeSet());

        assertThat(r.statusCode()).isEqualTo(400);
        BatchReply reply = new BatchReply(r);
        assertThat(reply.items).hasSize(1);
        BatchReply.Item failed = reply.items.get(0);
        assertThat(failed.changeSet()).as("a failed change set answers with just the failure").isFalse();
        BatchReply.Part error = failed.single();
        assertThat(error.status()).isEqualTo(400);
        assertThat(error.contentId()).isEqualTo("4");
        assertThat(error.json().at("/error/code").asText()).isEqualTo("0x80060888");
        assertThat(error.json().at("/error/message").asText()).contains("'nickname'");

        // every write of the change set is undone: values, etags and versions exactly as before
        assertThat(lead(a)).isEqualTo(aBefore);
        assertThat(lead(b)).isEqualTo(bBefore);
        assertThat(dv.data().count("leads")).isEqualTo(leadsBefore);
        // the operations did run (and are logged); the fifth never did
        assertThat(dv.requests()).filteredOn(RecordedRequest::inBatch).extracting(RecordedRequest::status)
                .containsExactly(204, 204, 204, 400);
    }

    @Test
    void staleIfMatchInsideAChangeSetIs412AndUndoesTheRest() {
        String id = dv.data().create("leads", Map.of("lastname", "Doe"));
        String staleEtag = (String) lead(id).get("@odata.etag");
        dv.data().update("leads", id, Map.of("jobtitle", "changed by someone else"));
        Map<String, Object> before = lead(id);

        HttpResponse<String> r = http.batch(new BatchBuilder("batch_412")
                .beginChangeSet()
                .cs("1", "POST", "contacts", "{\"lastname\":\"Created first\"}")
                .cs("2", "PATCH", "leads(" + id + ")", "{\"jobtitle\":\"mine\"}", "If-Match", staleEtag)
                .endChangeSet());

        assertThat(r.statusCode()).isEqualTo(400);
        BatchReply.Part error = new BatchReply(r).items.get(0).single();
        assertThat(error.status()).isEqualTo(412);
        assertThat(error.reason()).isEqualTo("Precondition Failed");
        assertThat(error.contentId()).isEqualTo("2");
        assertThat(error.json().at("/error/code").asText()).isEqualTo("0x80060882");
        assertThat(dv.data().count("contacts")).isZero();
        assertThat(lead(id)).isEqualTo(before);

        // the same change set with the current etag goes through
        HttpResponse<String> ok = http.batch(new BatchBuilder("batch_412b")
                .beginChangeSet()
                .cs("1", "POST", "contacts", "{\"lastname\":\"Created first\"}")
                .cs("2", "PATCH", "leads(" + id + ")", "{\"jobtitle\":\"mine\"}", "If-Match",
                        (String) before.get("@odata.etag"))
                .endChangeSet());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(lead(id).get("jobtitle")).isEqualTo("mine");
        assertThat(dv.data().count("contacts")).isEqualTo(1);
    }

    @Test
    void contentIdReferencesResolveInUrlsAndBinds() {
        HttpResponse<String> r = http.batch(new BatchBuilder("batch_ref")
                .beginChangeSet()
                .cs("1", "POST", "leads", "{\"lastname\":\"Doe\",\"companyname\":\"Acme\"}")
                .cs("2", "POST", "contacts", "{\"lastname\":\"Roe\"}")
                .cs("3", "POST", "accounts", "{\"name\":\"Acme\",\"originatingleadid@odata.bind\":\"$1\","
                        + "\"primarycontactid@odata.bind\":\"$2\"}")
                .cs("4", "PATCH", "$1", "{\"jobtitle\":\"Buyer\",\"parentaccountid@odata.bind\":\"$3\"}")
                .cs("5", "PATCH", "$2?$select=lastname", "{\"jobtitle\":\"CEO\"}", "Prefer", "return=representation")
                .endChangeSet());

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<BatchReply.Part> parts = new BatchReply(r).items.get(0).parts();
        assertThat(parts).extracting(BatchReply.Part::status).containsExactly(204, 204, 204, 204, 200);
        String leadId = idOf(parts.get(0));
        String contactId = idOf(parts.get(1));
        String accountId = idOf(parts.get(2));
        assertThat(parts.get(3).header("OData-EntityId")).endsWith("/leads(" + leadId + ")");
        assertThat(parts.get(4).json().get("contactid").asText()).isEqualTo(contactId);

        Map<String, Object> account = dv.data().get("accounts", accountId).orElseThrow();
        assertThat(account.get("_originatingleadid_value")).isEqualTo(leadId);
        assertThat(account.get("_primarycontactid_value")).isEqualTo(contactId);
        assertThat(lead(leadId).get("jobtitle")).isEqualTo("Buyer");
        assertThat(lead(leadId).get("_parentaccountid_value")).isEqualTo(accountId);
        assertThat(dv.data().get("contacts", contactId).orElseThrow().get("jobtitle")).isEqualTo("CEO");
        assertThat(dv.requests()).filteredOn(RecordedRequest::inBatch).extracting(RecordedRequest::path)
                .contains("/api/data/v9.2/leads(" + leadId + ")", "/api/data/v9.2/contacts(" + contactId + ")");
    }

    @Test
    void forwardAndUnknownContentIdReferencesAre400() {
        HttpResponse<String> forward = http.batch(new BatchBuilder("batch_fwd")
                .beginChangeSet()
                .cs("2", "POST", "accounts", "{\"name\":\"A\",\"originatingleadid@odata.bind\":\"$1\"}")
                .cs("1", "POST", "leads", "{\"lastname\":\"L\"}")
                .endChangeSet());
        assertThat(forward.statusCode()).isEqualTo(400);
        BatchReply.Part error = new BatchReply(forward).items.get(0).single();
        assertThat(error.status()).isEqualTo(400);
        assertThat(error.json().at("/error/message").asText())
                .isEqualTo("Content-ID Reference: '$1' does not exist in the batch context.");
        assertThat(dv.data().count("accounts") + dv.data().count("leads")).isZero();

        // references do not cross change sets
        HttpResponse<String> across = http.batch(new BatchBuilder("batch_across")
                .beginChangeSet().cs("1", "POST", "leads", "{\"lastname\":\"L\"}").endChangeSet()
                .beginChangeSet().cs("2", "PATCH", "$1", "{\"jobtitle\":\"x\"}").endChangeSet());
        assertThat(across.statusCode()).isEqualTo(400);
        BatchReply reply = new BatchReply(across);
        assertThat(reply.items).hasSize(2);
        assertThat(reply.items.get(1).single().json().at("/error/message").asText())
                .isEqualTo("Content-ID Reference: '$1' does not exist in the batch context.");
        assertThat(dv.data().count("leads")).as("the first change set committed").isEqualTo(1);
    }

    @Test
    void withoutContinueOnErrorTheBatchStopsAtTheFirstFailure() {
        BatchBuilder b = new BatchBuilder("batch_stop")
                .op("POST", "leads", "{\"lastname\":\"One\"}")
                .op("POST", "leads", "{\"lastname\":\"Two\",\"nickname\":\"bad\"}")
                .op("POST", "leads", "{\"lastname\":\"Three\"}");
        HttpResponse<String> r = http.batch(b);
        assertThat(r.statusCode()).isEqualTo(400);
        BatchReply reply = new BatchReply(r);
        assertThat(reply.items).extracting(i -> i.single().status()).containsExactly(204, 400);
        assertThat(dv.data().list("leads")).extracting(l -> l.get("lastname")).containsExactly("One");
        assertThat(r.headers().firstValue("Preference-Applied")).isEmpty();
    }

    @Test
    void withContinueOnErrorEveryItemIsAnswered() {
        BatchBuilder b = new BatchBuilder("batch_go")
                .op("POST", "leads", "{\"lastname\":\"One\"}")
                .op("POST", "leads", "{\"lastname\":\"Two\",\"nickname\":\"bad\"}")
                .beginChangeSet()
                .cs("1", "POST", "leads", "{\"lastname\":\"In failed set\"}")
                .cs("2", "DELETE", "leads(00000000-0000-4000-8000-000000000001)", null)
                .endChangeSet()
                .op("POST", "leads", "{\"lastname\":\"Three\"}")
                .get("leads/$count");
        HttpResponse<String> r = http.batch(b, "Prefer", "odata.continue-on-error");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Preference-Applied")).hasValue("odata.continue-on-error");
        BatchReply reply = new BatchReply(r);
        assertThat(reply.items).extracting(i -> i.single().status()).containsExactly(204, 400, 404, 204, 200);
        assertThat(reply.items.get(2).single().contentId()).isEqualTo("2");
        assertThat(reply.items.get(4).single().header("Content-Type")).startsWith("text/plain");
        assertThat(reply.items.get(4).single().body()).isEqualTo("2");
        assertThat(dv.data().list("leads")).extracting(l -> l.get("lastname")).containsExactlyInAnyOrder("One", "Three");
    }

    @Test
    void moreThanAThousandOperationsAreRejectedBeforeAnyRuns() {
        BatchBuilder big = new BatchBuilder("batch_big");
        for (int i = 0; i < 1001; i++) {
            big.op("POST", "leads", "{\"lastname\":\"L" + i + "\"}");
        }
        HttpResponse<String> r = http.batch(big);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(TestHttp.json(r).at("/error/message").asText()).isEqualTo("The current batch message contains too "
                + "many parts. A maximum number of '1000' query operations and change sets are allowed in a batch message.");

        BatchBuilder bigSet = new BatchBuilder("batch_bigset").beginChangeSet();
        for (int i = 0; i < 1001; i++) {
            bigSet.cs(Integer.toString(i), "POST", "leads", "{\"lastname\":\"L" + i + "\"}");
        }
        HttpResponse<String> rs = http.batch(bigSet.endChangeSet());
        assertThat(rs.statusCode()).isEqualTo(400);
        assertThat(TestHttp.json(rs).at("/error/message").asText()).isEqualTo("The current change set contains too "
                + "many operations. A maximum number of '1000' operations are allowed in a change set.");

        assertThat(dv.data().count("leads")).isZero();
        assertThat(dv.requests()).noneMatch(RecordedRequest::inBatch);

        BatchBuilder exactly = new BatchBuilder("batch_1000").beginChangeSet();
        for (int i = 0; i < 1000; i++) {
            exactly.cs(Integer.toString(i), "POST", "leads", "{\"lastname\":\"L" + i + "\"}");
        }
        assertThat(http.batch(exactly.endChangeSet()).statusCode()).isEqualTo(200);
        assertThat(dv.data().count("leads")).isEqualTo(1000);
    }

    @Test
    void malformedBatchesAre400() {
        HttpResponse<String> getInSet = http.batch(new BatchBuilder("batch_get")
                .beginChangeSet().cs("1", "GET", "leads", null).endChangeSet());
        assertThat(getInSet.statusCode()).isEqualTo(400);
        assertThat(TestHttp.json(getInSet).at("/error/message").asText()).startsWith("An invalid HTTP method 'GET' "
                + "was detected for a request in a change set.");

        HttpResponse<String> notMultipart = http.send("POST", "$batch", "{}");
        assertThat(notMultipart.statusCode()).isEqualTo(400);
        HttpResponse<String> unterminated = http.sendTyped("POST", "$batch",
                "--b\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\nGET /api/data/v9.2/leads HTTP/1.1\r\n\r\n",
                "multipart/mixed;boundary=b");
        assertThat(unterminated.statusCode()).isEqualTo(400);
        HttpResponse<String> duplicateIds = http.batch(new BatchBuilder("batch_dup").beginChangeSet()
                .cs("1", "POST", "leads", "{\"lastname\":\"a\"}").cs("1", "POST", "leads", "{\"lastname\":\"b\"}")
                .endChangeSet());
        assertThat(duplicateIds.statusCode()).isEqualTo(400);
        assertThat(http.get("$batch").statusCode()).isEqualTo(405);
        assertThat(dv.data().count("leads")).isZero();
    }

    @Test
    void bareLineFeedsUnquotedBoundariesAndUrlFormsAreAccepted() {
        String body = "preamble\n--b1\nContent-Type: multipart/mixed;boundary=c1\n\n--c1\n"
                + "Content-Type: application/http\nContent-Transfer-Encoding: binary\nContent-ID: 1\n\n"
                + "POST " + dv.baseUrl() + "/api/data/v9.2/leads HTTP/1.1\nContent-Type: application/json\n\n"
                + "{\"lastname\":\"Abs\"}\n\n--c1--\n--b1\nContent-Type: application/http\nContent-Transfer-Encoding: binary\n\n"
                + "POST leads HTTP/1.1\nContent-Type: application/json\n\n{\"lastname\":\"Rel\"}\n"
                + "--b1\nContent-Type: application/http\nContent-Transfer-Encoding: binary\n\n"
                + "GET /api/data/v9.2/leads?$select=lastname&$filter=lastname eq 'Rel' HTTP/1.1\n\n\n--b1--\n";
        HttpResponse<String> r = http.sendTyped("POST", "$batch", body, "multipart/mixed;boundary=b1");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        BatchReply reply = new BatchReply(r);
        assertThat(reply.items.get(0).parts().get(0).status()).isEqualTo(204);
        assertThat(reply.items.get(1).single().status()).isEqualTo(204);
        assertThat(reply.items.get(2).single().json().get("value")).hasSize(1);
        assertThat(dv.data().count("leads")).isEqualTo(2);
    }

    @Test
    void operationsSeeTheSameFaultsAndIdentityAsDirectRequests() {
        dv.close();
        dv = DataverseEmulator.start(TestHttp.empty(T0).authMode(EmulatorOptions.AuthMode.TOKEN));
        http = new TestHttp(dv);
        String userId = "11111111-2222-4333-8444-555555555555";
        dv.acceptToken("tok", userId);
        assertThat(http.batch(new BatchBuilder("batch_noauth").op("POST", "leads", "{\"lastname\":\"x\"}")).statusCode())
                .isEqualTo(401);

        dv.faults().fail(rr -> rr.inBatch() && rr.method().equals("POST") && "contacts".equals(rr.entitySet()), 429, 1, 3);
        HttpResponse<String> r = http.batch(new BatchBuilder("batch_auth")
                .op("POST", "leads", "{\"lastname\":\"Mine\"}")
                .op("POST", "contacts", "{\"lastname\":\"Throttled\"}"), "Authorization", "Bearer tok",
                "Prefer", "odata.continue-on-error");
        assertThat(r.statusCode()).isEqualTo(200);
        BatchReply reply = new BatchReply(r);
        BatchReply.Part throttled = reply.items.get(1).single();
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.header("Retry-After")).isEqualTo("3");
        assertThat(throttled.json().at("/error/code").asText()).isEqualTo("0x80072322");
        String leadId = idOf(reply.items.get(0).single());
        assertThat(lead(leadId).get("_modifiedby_value")).isEqualTo(userId);
        assertThat(lead(leadId).get("_createdby_value")).isEqualTo(userId);
        assertThat(dv.data().count("contacts")).isZero();
    }

    private static String idOf(BatchReply.Part p) {
        return p.header("OData-EntityId").replaceAll(".*\\((.*)\\)$", "$1");
    }
}
