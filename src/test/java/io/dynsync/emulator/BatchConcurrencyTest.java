package io.dynsync.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Several clients sending change sets at once: each commits or vanishes whole, and nobody waits on a hold. */
class BatchConcurrencyTest {
    private static final Instant T0 = Instant.parse("2024-05-01T08:00:00Z");

    @Test
    void concurrentChangeSetsAreAllOrNothing() throws Exception {
        try (DataverseEmulator dv = DataverseEmulator.start(TestHttp.empty(T0))) {
            TestHttp http = new TestHttp(dv);
            String shared = dv.data().create("accounts", Map.of("name", "Shared"));
            ExecutorService pool = Executors.newFixedThreadPool(8);
            List<Future<Set<String>>> clients = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                int client = c;
                clients.add(pool.submit(() -> {
                    Set<String> committed = new HashSet<>();
                    for (int i = 0; i < 15; i++) {
                        String tag = "c" + client + "-" + i;
                        boolean fail = i % 3 == 2;
                        BatchBuilder b = new BatchBuilder("batch_" + tag).beginChangeSet()
                                .cs("1", "POST", "leads", "{\"lastname\":\"" + tag + "\"}")
                                .cs("2", "POST", "contacts", "{\"lastname\":\"" + tag + "\","
                                        + "\"parentcustomerid_account@odata.bind\":\"/accounts(" + shared + ")\"}")
                                .cs("3", "PATCH", "accounts(" + shared + ")", "{\"telephone1\":\"" + tag + "\"}");
                        if (fail) {
                            b.cs("4", "POST", "leads", "{\"nickname\":\"bad\"}");
                        }
                        HttpResponse<String> r = http.batch(b.endChangeSet());
                        assertThat(r.statusCode()).as(r.body()).isEqualTo(fail ? 400 : 200);
                        if (!fail) {
                            committed.add(tag);
                        }
                    }
                    return committed;
                }));
            }
            Set<String> committed = new HashSet<>();
            for (Future<Set<String>> f : clients) {
                committed.addAll(f.get(60, TimeUnit.SECONDS));
            }
            pool.shutdown();

            Set<Object> leads = new HashSet<>();
            dv.data().list("leads").forEach(l -> leads.add(l.get("lastname")));
            Set<Object> contacts = new HashSet<>();
            dv.data().list("contacts").forEach(l -> contacts.add(l.get("lastname")));
            assertThat(leads).isEqualTo(committed);
            assertThat(contacts).isEqualTo(committed);
            assertThat(committed).hasSize(8 * 10);
            assertThat(committed).contains((String) dv.data().get("accounts", shared).orElseThrow().get("telephone1"));
            Set<Object> versions = new HashSet<>();
            for (String set : List.of("leads", "contacts", "accounts")) {
                dv.data().list(set).forEach(r -> assertThat(versions.add(r.get("versionnumber"))).isTrue());
            }
        }
    }

    @Test
    void aHeldChangeSetOperationDoesNotBlockOtherWriters() throws Exception {
        try (DataverseEmulator dv = DataverseEmulator.start(TestHttp.empty(T0))) {
            TestHttp http = new TestHttp(dv);
            Hold hold = dv.faults().hold(r -> r.inBatch() && "contacts".equals(r.entitySet()));
            CompletableFuture<HttpResponse<String>> batch = CompletableFuture.supplyAsync(() -> http.batch(
                    new BatchBuilder("batch_held").beginChangeSet()
                            .cs("1", "POST", "leads", "{\"lastname\":\"L\"}")
                            .cs("2", "POST", "contacts", "{\"lastname\":\"C\"}")
                            .endChangeSet()));
            assertThat(hold.awaitArrived(Duration.ofSeconds(5))).isTrue();
            assertThat(http.send("POST", "accounts", "{\"name\":\"meanwhile\"}").statusCode()).isEqualTo(204);
            dv.data().create("accounts", Map.of("name", "also meanwhile"));
            assertThat(batch).isNotDone();
            hold.release();
            assertThat(batch.get(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(dv.data().count("leads") + dv.data().count("contacts")).isEqualTo(2);
        }
    }
}
