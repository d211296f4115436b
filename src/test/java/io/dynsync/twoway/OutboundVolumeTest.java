package io.dynsync.twoway;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import io.dynsync.emulator.DataverseEmulator;
import io.dynsync.emulator.EmulatorOptions;
import io.dynsync.emulator.RecordedRequest;
import io.dynsync.testing.SyncRuntime;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

/** 1,000 persons changed in the store go to Dynamics in at most two $batch requests (default batch size). */
class OutboundVolumeTest {

    @Test
    void a_thousand_changed_persons_in_two_batches_h2() throws Exception {
        thousandChanged("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", "sa");
    }

    @Test
    void a_thousand_changed_persons_in_two_batches_postgresql() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
            thousandChanged(postgres.getJdbcUrl("postgres", "postgres"), "postgres");
        }
    }

    private static void thousandChanged(String url, String user) throws Exception {
        try (DataverseEmulator emulator = DataverseEmulator.start(EmulatorOptions.defaults().count("leads", 1000)
                .count("contacts", 5).count("accounts", 5).count("opportunities", 2).count("new_projects", 1))) {
            Map<String, String> properties = SyncRuntime.properties(emulator.baseUrl());
            properties.put("sync.store.url", url);
            properties.put("sync.store.username", user);
            try (SyncRuntime sync = SyncRuntime.start(properties)) {
                sync.awaitFirstCycles();
                sync.awaitFirstOutboundCycles();
                try (Connection c = DriverManager.getConnection(url, user, ""); Statement st = c.createStatement()) {
                    assertThat(st.executeUpdate("UPDATE persons SET job_title = CONCAT('Bulk ', CAST(id AS VARCHAR(20))) "
                            + "WHERE dynamics_type = 'lead'")).isEqualTo(1000);
                }
                emulator.clearRequests();
                sync.outbound("leads");

                assertThat(emulator.requests()).filteredOn(RecordedRequest::isBatch).hasSizeBetween(1, 2);
                assertThat(emulator.requests()).filteredOn(r -> "PATCH".equals(r.method()) && r.status() < 300).hasSize(1000);
                assertThat(emulator.data().list("leads")).allSatisfy(l -> assertThat((String) l.get("jobtitle")).startsWith("Bulk "));
            }
        }
    }
}
