package io.dynsync.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import io.dynsync.emulator.DataverseEmulator;
import io.dynsync.emulator.EmulatorOptions;
import io.dynsync.emulator.Hold;
import io.dynsync.emulator.RecordedRequest;
import io.dynsync.mapping.EntityMapping;
import io.dynsync.mapping.MappingCatalog;
import io.dynsync.testing.Reads;
import io.dynsync.testing.StoreComparison;
import io.dynsync.testing.SyncProcess;
import org.apache.camel.impl.DefaultCamelContext;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sync process is killed with SIGKILL during its first sync and started again: the store ends
 * equal to Dynamics, without duplicates, and no committed page is fetched a second time.
 */
class CrashRecoveryTest {

    private static final int PAGE_SIZE = 50;
    private static final int LEAD_PAGES = 1000 / PAGE_SIZE;

    @TempDir
    Path dir;
    private final Path logs = Path.of("target", "crash-recovery");
    private String testName;

    @org.junit.jupiter.api.BeforeEach
    void name(org.junit.jupiter.api.TestInfo info) {
        testName = info.getTestMethod().orElseThrow().getName();
    }

    @Test
    void killed_between_two_pages_it_resumes_with_the_next_page() throws Exception {
        try (DataverseEmulator emulator = DataverseEmulator.start(EmulatorOptions.defaults())) {
            Hold page4 = emulator.faults().hold(r -> isFirstSyncRead(r, "leads") && r.pageNumber() == 4);
            SyncProcess sync = SyncProcess.start(properties(emulator), logs.resolve(testName + "-1.log"));
            try {
                assertThat(page4.awaitArrived(Duration.ofSeconds(120))).as("the sync asks for page 4").isTrue();
                // pages 1 to 3 are committed (the route asks for a page only after committing the one before)
                sync.kill();
            } finally {
                page4.release();
                sync.close();
            }
            // the held request is answered (to nobody) once released; let it reach the log before clearing it
            await().atMost(Duration.ofSeconds(30)).until(() -> !leadPagesFetched(emulator).getOrDefault(4, 0L).equals(0L));
            emulator.clearRequests();
            restartUntilFirstSyncDone(emulator, "-2.log");

            assertThat(leadPagesFetched(emulator)).as("the restart goes on with page 4; pages 1-3 are not read again")
                    .isEqualTo(pages(4, LEAD_PAGES));
        }
    }

    @Test
    void killed_in_the_middle_of_a_page_it_reads_that_page_again() throws Exception {
        try (DataverseEmulator emulator = DataverseEmulator.start(EmulatorOptions.defaults())) {
            Hold page4 = emulator.faults().hold(r -> isFirstSyncRead(r, "leads") && r.pageNumber() == 4);
            SyncProcess sync = SyncProcess.start(properties(emulator), logs.resolve(testName + "-1.log"));
            try (Connection lock = DriverManager.getConnection(storeUrl(), "sa", "")) {
                assertThat(page4.awaitArrived(Duration.ofSeconds(120))).as("the sync asks for page 4").isTrue();
                // hold the row lock of the leads checkpoint: the sync writes page 4's rows, then waits on it
                lock.setAutoCommit(false);
                try (Statement st = lock.createStatement()) {
                    st.executeQuery("SELECT * FROM sync_state WHERE entity = 'leads' AND direction = 'inbound' FOR UPDATE").close();
                }
                page4.release();
                await().atMost(Duration.ofSeconds(60)).until(() -> blockedWithUncommittedRows(lock));
                sync.kill();
                lock.rollback();
            } catch (SQLException expected) {
                // the killed process hosted the H2 server the lock connection went through
            } finally {
                sync.close();
            }
            emulator.clearRequests();
            restartUntilFirstSyncDone(emulator, "-2.log");

            assertThat(leadPagesFetched(emulator)).as("page 4 was not committed, so it is read again; pages 1-3 are not")
                    .isEqualTo(pages(4, LEAD_PAGES));
        }
    }

    private void restartUntilFirstSyncDone(DataverseEmulator emulator, String log) throws Exception {
        try (SyncProcess sync = SyncProcess.start(properties(emulator), logs.resolve(testName + log))) {
            await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(200))
                    .until(() -> firstSyncsCompleted() == 8 || !sync.isAlive());
            assertThat(sync.isAlive()).as("the restarted sync is running").isTrue();
        }
        DefaultCamelContext camel = new DefaultCamelContext();
        camel.start();
        MappingCatalog mappings = new MappingCatalog("file:routes/mappings", "");
        mappings.setCamelContext(camel);
        mappings.load();
        Collection<EntityMapping> all = mappings.all();
        List<String> differences = StoreComparison.differences(emulator, store(), all);
        camel.close();
        assertThat(differences).as("the store equals Dynamics, nothing missing or duplicated").isEmpty();
    }

    private static boolean isFirstSyncRead(RecordedRequest r, String entitySet) {
        return entitySet.equals(r.entitySet()) && Reads.isFullRead(r);
    }

    private static Map<Integer, Long> leadPagesFetched(DataverseEmulator emulator) {
        return emulator.requests().stream().filter(r -> isFirstSyncRead(r, "leads") && r.status() == 200)
                .collect(Collectors.groupingBy(RecordedRequest::pageNumber, Collectors.counting()));
    }

    private static Map<Integer, Long> pages(int from, int to) {
        return java.util.stream.IntStream.rangeClosed(from, to).boxed()
                .collect(Collectors.toMap(p -> p, p -> 1L));
    }

    private static boolean blockedWithUncommittedRows(Connection lock) throws SQLException {
        try (Statement st = lock.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID = SESSION_ID() AND CONTAINS_UNCOMMITTED")) {
            rs.next();
            return rs.getInt(1) > 0;
        }
    }

    private int firstSyncsCompleted() {
        try (Connection c = DriverManager.getConnection(storeUrl(), "sa", ""); Statement st = c.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM sync_state WHERE first_sync_completed_at IS NOT NULL")) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException notYetMigrated) {
            return 0;
        }
    }

    private String storeUrl() {
        // AUTO_SERVER lets the test look into the store the sync process holds open
        return "jdbc:h2:file:" + dir.resolve("store").toAbsolutePath() + ";AUTO_SERVER=TRUE;LOCK_TIMEOUT=120000";
    }

    private DataSource store() {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(storeUrl());
        ds.setUser("sa");
        return ds;
    }

    private Map<String, String> properties(DataverseEmulator emulator) {
        return Map.of("sync.dynamics.url", emulator.baseUrl(), "sync.store.url", storeUrl(),
                "sync.page-size", String.valueOf(PAGE_SIZE), "sync.schedule", "2s");
    }
}
