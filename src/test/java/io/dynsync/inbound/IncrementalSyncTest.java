package io.dynsync.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.dynsync.emulator.DataverseEmulator;
import io.dynsync.emulator.EmulatorOptions;
import io.dynsync.emulator.Hold;
import io.dynsync.emulator.RecordedRequest;
import io.dynsync.mapping.MappingCatalog;
import io.dynsync.testing.StoreComparison;
import io.dynsync.testing.SyncRuntime;
import org.junit.jupiter.api.Test;

/** Changes made in Dynamics while the sync runs reach the store on the next cycle, none missed. */
class IncrementalSyncTest {

    private static EmulatorOptions smallOrganization() {
        return EmulatorOptions.defaults().count("leads", 40).count("contacts", 12).count("accounts", 10)
                .count("opportunities", 10).count("systemusers", 5).count("teams", 2).count("new_projects", 5);
    }

    @Test
    void changes_made_during_the_first_sync_and_same_second_changes_across_a_page_boundary_all_arrive() throws Exception {
        try (DataverseEmulator emulator = DataverseEmulator.start(smallOrganization())) {
            Map<String, String> properties = SyncRuntime.properties(emulator.baseUrl());
            properties.put("sync.page-size", "4");
            properties.put("sync.retry.max-retries", "1");
            List<Map<String, Object>> leads = emulator.data().list("leads");
            String onFirstPage = (String) leads.get(0).get("leadid");
            String onLastPage = (String) leads.get(leads.size() - 1).get("leadid");

            // the first sync stops before its third page of leads ...
            Hold beforePage3 = emulator.faults().hold(r -> "leads".equals(r.entitySet()) && r.pageNumber() == 3);
            try (SyncRuntime sync = SyncRuntime.start(properties)) {
                assertThat(beforePage3.awaitArrived(Duration.ofSeconds(60))).isTrue();
                // ... while a lead it already copied changes, one it has not reached changes, and one is created
                emulator.data().update("leads", onFirstPage, Map.of("jobtitle", "Changed behind the cursor"));
                emulator.data().update("leads", onLastPage, Map.of("jobtitle", "Changed ahead of the cursor"));
                String created = emulator.data().create("leads", Map.of("lastname", "Created mid-sync",
                        "emailaddress1", "created.mid-sync@example.com"));
                beforePage3.release();
                sync.awaitFirstCycles();
                MappingCatalog mappings = sync.bean("syncMappings", MappingCatalog.class);
                List<String> afterFirstSync = StoreComparison.differences(emulator, sync.dataSource(), mappings.all());
                // the new lead's id decides whether it sorts ahead of the cursor (copied) or behind it (missed)
                assertThat(afterFirstSync).as("only the lead changed behind the cursor is stale")
                        .allMatch(d -> d.startsWith("leads " + onFirstPage) || d.startsWith("leads " + created)
                                || d.matches("leads: \\d+ records in Dynamics, \\d+ rows in persons"))
                        .contains("leads " + onFirstPage + " job_title: expected <Changed behind the cursor> but store has <"
                                + leads.get(0).get("jobtitle") + ">");

                sync.cycle("leads");
                assertThat(StoreComparison.differences(emulator, sync.dataSource(), mappings.all())).isEmpty();
                assertThat(created).isNotNull();

                // three leads changed within one second, read 4 per page after two earlier changes: the page
                // boundary falls between two of them. The second page fails for good once, so the run stops
                // between the two and the next cycle continues it.
                Instant second = emulator.clock().now().plusSeconds(5);
                emulator.clock().freeze(second);
                emulator.data().update("leads", (String) leads.get(10).get("leadid"), Map.of("firstname", "Early"));
                emulator.data().update("leads", (String) leads.get(11).get("leadid"), Map.of("firstname", "Early"));
                emulator.clock().advance(Duration.ofSeconds(1));
                for (int i = 20; i < 23; i++) {
                    emulator.data().update("leads", (String) leads.get(i).get("leadid"), Map.of("firstname", "Same second " + i));
                }
                emulator.clearRequests();
                emulator.faults().fail(r -> "leads".equals(r.entitySet()) && r.pageNumber() == 2, 503, 2, 0);
                sync.cycle("leads");
                assertThat(StoreComparison.differences(emulator, sync.dataSource(), mappings.all()))
                        .as("the run stopped after its first page").isNotEmpty();
                sync.cycle("leads");
                assertThat(StoreComparison.differences(emulator, sync.dataSource(), mappings.all())).isEmpty();

                List<RecordedRequest> pages = emulator.requests().stream()
                        .filter(r -> "leads".equals(r.entitySet()) && r.status() == 200).toList();
                assertThat(pages).extracting(RecordedRequest::pageNumber).as("page 1, then page 2 resumed from its link")
                        .containsExactly(1, 2);
                assertThat(emulator.requests()).filteredOn(r -> r.status() == 503).as("one attempt and one retry").hasSize(2);
                assertThat(pages.get(0).rows()).isEqualTo(4);
            }
        }
    }
}
