package io.dynsync.twoway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.dynsync.emulator.DataverseEmulator;
import io.dynsync.emulator.EmulatorOptions;
import io.dynsync.emulator.HookRegistration;
import io.dynsync.testing.SyncProcess;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sync process is killed (SIGKILL) right after Dynamics accepted the create of a requested lead,
 * before the store recorded it: after the restart, the person is linked to that lead, and no second
 * lead exists.
 */
class CreateAfterCrashTest {

    private static final String EMAIL = "crash.window@example.com";

    @TempDir
    Path dir;

    @Test
    void killed_after_dynamics_accepted_the_create_h2() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("store").toAbsolutePath() + ";AUTO_SERVER=TRUE";
        exactlyOneLeadAfterACrash(url, "sa", "h2");
    }

    @Test
    void killed_after_dynamics_accepted_the_create_postgresql() throws Exception {
        try (EmbeddedPostgres postgres = EmbeddedPostgres.start()) {
            exactlyOneLeadAfterACrash(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgresql");
        }
    }

    private void exactlyOneLeadAfterACrash(String url, String user, String name) throws Exception {
        try (DataverseEmulator emulator = DataverseEmulator.start(EmulatorOptions.defaults().count("leads", 20)
                .count("contacts", 10).count("accounts", 5).count("opportunities", 3).count("new_projects", 1))) {
            Map<String, String> properties = Map.of("sync.dynamics.url", emulator.baseUrl(), "sync.store.url", url,
                    "sync.store.username", user, "sync.schedule", "2s");
            Path logs = Path.of("target", "crash-recovery");
            SyncProcess first = SyncProcess.start(properties, logs.resolve("create-" + name + "-1.log"));
            AtomicReference<String> createdLead = new AtomicReference<>();
            try (HookRegistration killer = emulator.data().onWrite("leads", (id, body) -> {
                if (EMAIL.equals(body.get("emailaddress1"))) {
                    createdLead.set(id);
                    try {
                        first.kill(); // Dynamics has the lead; the sync never hears of it
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            })) {
                await().atMost(Duration.ofSeconds(120)).until(() -> firstSyncs(url, user) == 8);
                execute(url, user, "INSERT INTO persons (email, first_name, last_name, sync_to_dynamics) VALUES ('" + EMAIL
                        + "', 'Crash', 'Window', TRUE)");
                await().atMost(Duration.ofSeconds(120)).until(() -> !first.isAlive());
            } finally {
                first.close();
            }
            assertThat(createdLead.get()).isNotNull();
            assertThat(leadsWithEmail(emulator)).isEqualTo(1);
            // (right after the kill, H2 may refuse to open the file for a few seconds: its lock is fresh)
            await().atMost(Duration.ofSeconds(60)).ignoreExceptionsInstanceOf(SQLException.class)
                    .untilAsserted(() -> assertThat(query(url, user, "SELECT dynamics_id FROM persons WHERE email = '" + EMAIL + "'"))
                            .as("the store did not record it before the kill").isNull());

            try (SyncProcess second = SyncProcess.start(properties, logs.resolve("create-" + name + "-2.log"))) {
                await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250))
                        .ignoreExceptionsInstanceOf(SQLException.class)
                        .until(() -> createdLead.get().equals(query(url, user, "SELECT dynamics_id FROM persons WHERE email = '" + EMAIL + "'")));
                // a few more cycles: still one lead
                await().atMost(Duration.ofSeconds(60)).ignoreExceptionsInstanceOf(SQLException.class)
                        .until(() -> cyclesAfterLink(url, user));
            }
            assertThat(leadsWithEmail(emulator)).as("exactly one lead").isEqualTo(1);
            assertThat(query(url, user, "SELECT dynamics_type FROM persons WHERE email = '" + EMAIL + "'")).isEqualTo("lead");
        }
    }

    /** The restarted process has run its outbound cycle again since linking (a second create would show). */
    private static boolean cyclesAfterLink(String url, String user) throws SQLException {
        return "0".equals(query(url, user, "SELECT COUNT(*) FROM persons WHERE sync_to_dynamics = TRUE AND dynamics_id IS NULL"));
    }

    private static long leadsWithEmail(DataverseEmulator emulator) {
        return emulator.data().list("leads").stream().filter(l -> EMAIL.equals(l.get("emailaddress1"))).count();
    }

    private static int firstSyncs(String url, String user) {
        try {
            String n = query(url, user, "SELECT COUNT(*) FROM sync_state WHERE first_sync_completed_at IS NOT NULL");
            return n == null ? 0 : Integer.parseInt(n);
        } catch (SQLException notYet) {
            return 0;
        }
    }

    private static void execute(String url, String user, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, ""); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.executeUpdate();
        }
    }

    private static String query(String url, String user, String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, user, ""); PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
