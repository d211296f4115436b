package io.dynsync.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import io.dynsync.emulator.DataverseEmulator;
import io.dynsync.emulator.EmulatorOptions;
import io.dynsync.mapping.MappingCatalog;
import io.dynsync.testing.StoreComparison;
import io.dynsync.testing.SyncRuntime;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

/** The same sync into a real PostgreSQL: migrations, batches, savepoint fallback, timestamps. */
class PostgresStoreTest {

    @Test
    void first_sync_incremental_changes_and_a_bad_record_on_postgresql() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start();
                DataverseEmulator emulator = DataverseEmulator.start(EmulatorOptions.defaults().count("leads", 300)
                        .count("contacts", 200).count("accounts", 50).count("opportunities", 80).count("new_projects", 20))) {
            String tooLong = emulator.data().create("leads", Map.of("lastname", "Toolong",
                    "emailaddress1", "x".repeat(400) + "@example.com"));
            Map<String, String> properties = SyncRuntime.properties(emulator.baseUrl());
            properties.put("sync.store.url", postgres.getJdbcUrl("postgres", "postgres"));
            properties.put("sync.store.username", "postgres");
            properties.put("sync.page-size", "64");
            try (SyncRuntime sync = SyncRuntime.start(properties)) {
                sync.awaitFirstCycles();
                MappingCatalog mappings = sync.bean("syncMappings", MappingCatalog.class);
                assertThat(StoreComparison.differences(emulator, sync.dataSource(), mappings.all())).hasSize(2)
                        .contains("leads " + tooLong + ": missing from persons")
                        .anyMatch(d -> d.matches("leads: (\\d+) records in Dynamics, \\d+ rows in persons"));

                String lead = (String) emulator.data().list("leads").get(7).get("leadid");
                emulator.data().update("leads", lead, Map.of("jobtitle", "Changed in Dynamics"));
                emulator.data().update("leads", tooLong, Map.of("emailaddress1", "fits@example.com"));
                String opportunity = (String) emulator.data().list("opportunities").get(2).get("opportunityid");
                emulator.data().update("opportunities", opportunity, Map.of("estimatedvalue", 1234.5));
                sync.cycle("leads", "opportunities");
                assertThat(StoreComparison.differences(emulator, sync.dataSource(), mappings.all())).isEmpty();
            }
        }
    }
}
