package io.dynsync.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The sync reads several sets in parallel while tests write: nothing may be lost, repeated or fail. */
class ConcurrencyTest {
    @Test
    void parallelPagingWhileWriting() throws Exception {
        try (DataverseEmulator dv = DataverseEmulator.start(EmulatorOptions.defaults().count("leads", 3000)
                .startClockAt(Instant.parse("2024-05-01T00:00:00Z")))) {
            TestHttp http = new TestHttp(dv);
            Set<String> before = new HashSet<>();
            dv.data().list("leads").forEach(m -> before.add((String) m.get("leadid")));
            List<String> contacts = dv.data().list("contacts").stream().map(m -> (String) m.get("contactid")).toList();

            AtomicBoolean reading = new AtomicBoolean(true);
            ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
            ExecutorService pool = Executors.newFixedThreadPool(6);
            Future<?> writer = pool.submit(() -> {
                int i = 0;
                while (reading.get()) {
                    try {
                        dv.data().update("contacts", contacts.get(i % contacts.size()), Map.of("jobtitle", "T" + i));
                        dv.data().create("leads", Map.of("lastname", "New" + i));
                        i++;
                    } catch (Throwable t) {
                        errors.add(t);
                        return;
                    }
                }
            });
            List<Future<List<String>>> readers = new ArrayList<>();
            for (int r = 0; r < 4; r++) {
                String set = r % 2 == 0 ? "leads" : "contacts";
                readers.add(pool.submit(() -> {
                    List<String> ids = new ArrayList<>();
                    String url = set + "?$select=modifiedon";
                    while (url != null) {
                        HttpResponse<String> resp = http.get(url, "Prefer", "odata.maxpagesize=97");
                        assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
                        JsonNode page = TestHttp.json(resp);
                        String pk = set.equals("leads") ? "leadid" : "contactid";
                        page.get("value").forEach(v -> ids.add(v.get(pk).asText()));
                        url = page.has("@odata.nextLink") ? page.get("@odata.nextLink").asText() : null;
                    }
                    return ids;
                }));
            }
            List<List<String>> results = new ArrayList<>();
            for (Future<List<String>> f : readers) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            reading.set(false);
            writer.get(10, TimeUnit.SECONDS);
            pool.shutdown();
            assertThat(errors).isEmpty();
            for (int r = 0; r < results.size(); r++) {
                List<String> ids = results.get(r);
                assertThat(ids).doesNotHaveDuplicates();
                if (r % 2 == 0) {
                    assertThat(ids).containsAll(before);
                } else {
                    assertThat(ids).containsExactlyInAnyOrderElementsOf(contacts);
                }
            }
        }
    }
}
