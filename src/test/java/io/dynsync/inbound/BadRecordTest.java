package io.dynsync.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.dynsync.emulator.DataverseEmulator;
import io.dynsync.emulator.EmulatorOptions;
import io.dynsync.mapping.MappingCatalog;
import io.dynsync.testing.StoreComparison;
import io.dynsync.testing.SyncRuntime;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A record that cannot be stored goes to sync_errors with its reason and payload; its page goes on. */
class BadRecordTest {

    @Test
    void a_bad_record_lands_in_sync_errors_and_the_rest_of_its_page_syncs() throws Exception {
        try (DataverseEmulator emulator = DataverseEmulator.start(EmulatorOptions.defaults().count("leads", 30)
                .count("contacts", 5).count("accounts", 5).count("opportunities", 8).count("new_projects", 2))) {
            // an email longer than the store's column (a store-side failure inside a JDBC batch) ...
            String tooLong = emulator.data().create("leads", Map.of("lastname", "Toolong",
                    "emailaddress1", "x".repeat(400) + "@example.com"));
            // ... and an opportunity state the mapping has no value for (a mapping failure)
            String opportunity = (String) emulator.data().list("opportunities").get(3).get("opportunityid");
            emulator.data().update("opportunities", opportunity, Map.of("statecode", 7));

            Map<String, String> properties = SyncRuntime.properties(emulator.baseUrl());
            try (SyncRuntime sync = SyncRuntime.start(properties)) {
                sync.awaitFirstCycles();
                MappingCatalog mappings = sync.bean("syncMappings", MappingCatalog.class);

                assertThat(StoreComparison.differences(emulator, sync.dataSource(), mappings.all())).containsExactlyInAnyOrder(
                        "leads: 31 records in Dynamics, 30 rows in persons", "leads " + tooLong + ": missing from persons",
                        "opportunities: 8 records in Dynamics, 7 rows in opportunities",
                        "opportunities " + opportunity + ": missing from opportunities");
                List<Map<String, Object>> errors = openErrors(sync.dataSource());
                assertThat(errors).hasSize(2);
                assertThat(errors).anySatisfy(e -> {
                    assertThat(e).containsEntry("entity", "leads").containsEntry("dynamics_id", tooLong)
                            .containsEntry("error_code", "STORE");
                    assertThat((String) e.get("payload")).contains("Toolong");
                });
                assertThat(errors).anySatisfy(e -> {
                    assertThat(e).containsEntry("entity", "opportunities").containsEntry("error_code", "MAPPING");
                    assertThat((String) e.get("message")).contains("state").contains("'7'");
                    assertThat((String) e.get("payload")).contains(opportunity);
                });

                // fixed in Dynamics, the records sync on the next cycle and their errors are resolved
                emulator.data().update("leads", tooLong, Map.of("emailaddress1", "fixed@example.com"));
                emulator.data().update("opportunities", opportunity, Map.of("statecode", 1));
                sync.cycle("leads", "opportunities");
                assertThat(StoreComparison.differences(emulator, sync.dataSource(), mappings.all())).isEmpty();
                assertThat(openErrors(sync.dataSource())).isEmpty();
            }
        }
    }

    @Test
    void a_failed_record_is_retried_by_itself_once_the_store_accepts_it() throws Exception {
        try (DataverseEmulator emulator = DataverseEmulator.start(EmulatorOptions.defaults().count("leads", 10)
                .count("contacts", 3).count("accounts", 3).count("opportunities", 3).count("new_projects", 1))) {
            // last modified an hour ago: no incremental read sees it again, only the retry of failed records
            emulator.clock().freeze(emulator.clock().now().minus(Duration.ofHours(1)));
            String tooLong = emulator.data().create("leads", Map.of("lastname", "Toolong",
                    "emailaddress1", "x".repeat(400) + "@example.com"));
            emulator.clock().resume();
            Map<String, String> properties = SyncRuntime.properties(emulator.baseUrl());
            properties.put("sync.errors.retry-base-seconds", "1");
            try (SyncRuntime sync = SyncRuntime.start(properties)) {
                sync.awaitFirstCycles();
                assertThat(openErrors(sync.dataSource())).hasSize(1);
                // the operator widens the column; nothing changes in Dynamics
                try (Connection c = sync.dataSource().getConnection(); var st = c.createStatement()) {
                    st.execute("ALTER TABLE persons ALTER COLUMN email VARCHAR(1000)");
                }
                emulator.clearRequests();
                Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> {
                    sync.cycle("leads");
                    return openErrors(sync.dataSource()).isEmpty();
                });
                MappingCatalog mappings = sync.bean("syncMappings", MappingCatalog.class);
                assertThat(StoreComparison.differences(emulator, sync.dataSource(), mappings.all())).isEmpty();
                assertThat(emulator.requests()).as("the retry asked for the failed record by its id")
                        .anySatisfy(r -> assertThat(r.rawQuery()).contains("leadid%20eq%20" + tooLong));
            }
        }
    }

    private static List<Map<String, Object>> openErrors(DataSource store) throws Exception {
        List<Map<String, Object>> errors = new ArrayList<>();
        try (Connection c = store.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT entity, dynamics_id, error_code, message, payload FROM sync_errors WHERE resolved = FALSE");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (String column : List.of("entity", "dynamics_id", "error_code", "message", "payload")) {
                    row.put(column, rs.getString(column));
                }
                errors.add(row);
            }
        }
        return errors;
    }
}
