package io.dynsync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Map;

import io.dynsync.emulator.DataverseEmulator;
import io.dynsync.emulator.EmulatorOptions;
import io.dynsync.testing.Reads;
import io.dynsync.testing.SyncProcess;
import io.dynsync.testing.SyncRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code status}: where the sync stands, read from the store, as operators run it. */
class StatusCommandTest {

    @TempDir
    Path dir;

    @Test
    void status_shows_each_entity_its_errors_and_what_waits_for_dynamics_without_asking_dynamics() throws Exception {
        String store = "jdbc:h2:file:" + dir.resolve("store").toAbsolutePath() + ";AUTO_SERVER=TRUE";
        try (DataverseEmulator emulator = DataverseEmulator.start(EmulatorOptions.defaults().count("leads", 10).count("contacts", 5)
                .count("accounts", 5).count("opportunities", 3).count("systemusers", 3).count("teams", 2).count("new_projects", 2))) {
            Map<String, String> properties = SyncRuntime.properties(emulator.baseUrl());
            properties.put("sync.store.url", store);
            try (SyncRuntime sync = SyncRuntime.start(properties)) {
                sync.awaitFirstCycles();
                sync.awaitFirstOutboundCycles();
                emulator.faults().fail(r -> "accounts".equals(r.entitySet()) && Reads.isDeltaRead(r), 400, 1, 0);
                sync.cycle("accounts");
            }
            String leadId = (String) emulator.data().list("leads").get(2).get("leadid");
            try (Connection c = DriverManager.getConnection(store, "sa", "")) {
                execute(c, "UPDATE persons SET job_title = 'Waiting' WHERE dynamics_id = ?", leadId);
                execute(c, "INSERT INTO persons (email, last_name, sync_to_dynamics) VALUES (?, 'Requested', TRUE)", "requested@example.com");
            }
            emulator.clearRequests();

            Map<String, String> statusProperties = new java.util.LinkedHashMap<>(properties);
            statusProperties.put("sync.dynamics.auth.mode", "client-secret");
            statusProperties.put("sync.dynamics.auth.tenant-id", "t");
            statusProperties.put("sync.dynamics.auth.client-id", "c");
            statusProperties.put("sync.dynamics.auth.client-secret", "never-printed-secret");
            try (SyncProcess status = SyncProcess.start(statusProperties, Path.of("target", "status-logs", "status.log"), "status")) {
                assertThat(status.waitFor()).as("exit code; output:%n%s", status.log()).isZero();
                String output = status.log();
                List<String> lines = output.lines().map(String::trim).toList();
                for (String entity : List.of("accounts", "contacts", "leads", "new_projects", "opportunities", "systemusers",
                        "teammemberships", "teams")) {
                    assertThat(lines).anySatisfy(l -> assertThat(l).startsWith(entity + " ").contains("inbound")
                            .contains("first sync done"));
                }
                assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("leads").contains("outbound")
                        .contains("1 changed person(s) waiting, 1 create request(s)").contains("0 open sync error(s)"));
                assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("accounts").contains("inbound")
                        .contains("change tracking (no link: the next run reads everything)"));
                assertThat(lines).anySatisfy(l -> assertThat(l).startsWith("last error").contains("HTTP 400 from http").endsWith("/accounts"));
                assertThat(output).doesNotContain("never-printed-secret").doesNotContain("deltatoken");
            }
            assertThat(emulator.requests()).as("status does not ask Dynamics").isEmpty();

            // a store the sync never ran against: said so, exit 1, and the store is left as it was
            statusProperties.put("sync.store.url", "jdbc:h2:file:" + dir.resolve("empty").toAbsolutePath());
            try (SyncProcess status = SyncProcess.start(statusProperties, Path.of("target", "status-logs", "empty.log"), "status")) {
                assertThat(status.waitFor()).isEqualTo(1);
                assertThat(status.log()).contains("cannot read the store (has the sync run against it yet?)");
            }
        }
    }

    private static void execute(Connection c, String sql, String arg) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            ps.executeUpdate();
        }
    }
}
