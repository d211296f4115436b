package io.dynsync.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import io.dynsync.emulator.DataverseEmulator;
import io.dynsync.emulator.EmulatorOptions;
import io.dynsync.emulator.RecordedRequest;
import io.dynsync.mapping.MappingCatalog;
import io.dynsync.testing.ShippedMappings;
import io.dynsync.testing.Reads;
import io.dynsync.testing.StoreComparison;
import io.dynsync.testing.SyncRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records deleted in Dynamics leave the store's live data: through change tracking where the table has
 * it, through an ids-only comparison where it does not, and through a full re-read when a change-tracking
 * link has expired. Rows are flagged {@code dynamics_deleted} (kept) unless the mapping erases them.
 */
class DeletesTest {

    @TempDir
    Path mappings;

    private static EmulatorOptions organization() {
        return EmulatorOptions.defaults().count("leads", 40).count("contacts", 20).count("accounts", 15)
                .count("opportunities", 10).count("systemusers", 6).count("teams", 3).count("new_projects", 5);
    }

    @Test
    void with_change_tracking_a_deleted_record_is_flagged_on_the_next_cycle_in_one_request() throws Exception {
        try (DataverseEmulator emulator = DataverseEmulator.start(organization());
             SyncRuntime sync = SyncRuntime.start(SyncRuntime.properties(emulator.baseUrl()))) {
            sync.awaitFirstCycles();
            String lead = id(emulator, "leads", 5);
            String account = id(emulator, "accounts", 2);
            String changed = id(emulator, "leads", 9);
            emulator.data().delete("leads", lead);
            emulator.data().delete("accounts", account);
            emulator.data().update("leads", changed, Map.of("jobtitle", "Changed while tracked"));
            emulator.clearRequests();

            sync.cycle("leads", "accounts");

            assertThat(deleted(sync.dataSource(), "persons", lead)).as("the deleted lead's person is flagged").isTrue();
            assertThat(deleted(sync.dataSource(), "companies", account)).as("the deleted account's company is flagged").isTrue();
            assertThat(deleted(sync.dataSource(), "persons", changed)).isFalse();
            assertThat(StoreComparison.differences(emulator, sync.dataSource(), all(sync))).isEmpty();
            assertThat(emulator.requests()).as("one change-tracking read per entity, nothing else")
                    .hasSize(2).allSatisfy(r -> assertThat(Reads.isDeltaRead(r)).isTrue());
        }
    }

    @Test
    void an_idle_cycle_costs_one_request_per_entity() throws Exception {
        try (DataverseEmulator emulator = DataverseEmulator.start(organization());
             SyncRuntime sync = SyncRuntime.start(SyncRuntime.properties(emulator.baseUrl()))) {
            sync.awaitFirstCycles();
            sync.awaitFirstOutboundCycles();
            sync.cycle();
            emulator.clearRequests();

            sync.cycle();
            sync.outbound();

            List<RecordedRequest> requests = emulator.requests();
            System.out.printf("Idle cycle over %d entities: %d requests (%d change-tracking reads)%n", sync.entities().size(),
                    requests.size(), requests.stream().filter(Reads::isDeltaRead).count());
            assertThat(requests).as("one GET per entity").hasSize(sync.entities().size())
                    .allSatisfy(r -> assertThat(r.method()).isEqualTo("GET"));
            assertThat(requests.stream().map(RecordedRequest::entitySet).distinct().sorted().toList())
                    .isEqualTo(sync.entities().stream().sorted().toList());
            // team memberships have no change tracking in Dataverse: the intersect is re-read whole
            assertThat(requests).filteredOn(r -> !"teammemberships".equals(r.entitySet()))
                    .allSatisfy(r -> assertThat(Reads.isDeltaRead(r)).isTrue());
        }
    }

    @Test
    void without_change_tracking_the_id_comparison_finds_deletes_and_ended_memberships() throws Exception {
        ShippedMappings.copy(mappings);
        ShippedMappings.edit(mappings, "accounts.yaml", text -> text.replace("changeTracking: true", "changeTracking: false\nreconcileEvery: 1h"));
        try (DataverseEmulator emulator = DataverseEmulator.start(organization().changeTracking("accounts", false))) {
            Map<String, String> properties = SyncRuntime.properties(emulator.baseUrl());
            properties.put("sync.mappings", "file:" + mappings);
            try (SyncRuntime sync = SyncRuntime.start(properties)) {
                sync.awaitFirstCycles();
                String account = id(emulator, "accounts", 4);
                String membership = id(emulator, "teammemberships", 0);
                assertThat(rowCount(sync.dataSource(), "team_members", membership)).isEqualTo(1);
                emulator.data().delete("accounts", account);
                emulator.data().delete("teammemberships", membership);
                emulator.clearRequests();

                sync.cycle("accounts", "teammemberships");

                assertThat(deleted(sync.dataSource(), "companies", account)).as("the id comparison found the delete").isTrue();
                assertThat(rowCount(sync.dataSource(), "team_members", membership)).as("the ended membership is removed").isZero();
                assertThat(StoreComparison.differences(emulator, sync.dataSource(), all(sync))).isEmpty();
                List<RecordedRequest> accountReads = emulator.requests().stream().filter(r -> "accounts".equals(r.entitySet())).toList();
                assertThat(accountReads).as("the comparison reads ids only").isNotEmpty()
                        .allSatisfy(r -> assertThat(r.rawQuery()).contains("$select=accountid").doesNotContain(",name"));
            }
        }
    }

    @Test
    void an_expired_change_tracking_link_is_recovered_by_a_full_read_that_loses_nothing() throws Exception {
        try (DataverseEmulator emulator = DataverseEmulator.start(organization());
             SyncRuntime sync = SyncRuntime.start(SyncRuntime.properties(emulator.baseUrl()))) {
            sync.awaitFirstCycles();
            String gone = id(emulator, "leads", 7);
            String changed = id(emulator, "leads", 12);
            emulator.data().delete("leads", gone);
            emulator.data().update("leads", changed, Map.of("jobtitle", "Changed while the link expired"));
            String created = emulator.data().create("leads", Map.of("lastname", "Newcomer", "emailaddress1", "newcomer@example.com"));
            emulator.expireDeltaTokens();
            emulator.clearRequests();

            sync.cycle("leads");
            sync.cycle("leads");

            assertThat(emulator.requests()).as("the expired link was refused once").filteredOn(Reads::isDeltaRead)
                    .singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(400));
            assertThat(emulator.requests()).as("then everything was read again").anySatisfy(r -> assertThat(Reads.isFullRead(r)).isTrue());
            assertThat(deleted(sync.dataSource(), "persons", gone)).as("what disappeared is flagged").isTrue();
            assertThat(rowCount(sync.dataSource(), "persons", created)).isEqualTo(1);
            assertThat(StoreComparison.differences(emulator, sync.dataSource(), all(sync))).isEmpty();
            assertThat(sync.bean("syncInboundRuns", InboundRuns.class).failing()).isEmpty();

            // and change tracking goes on from the new link
            emulator.clearRequests();
            emulator.data().update("leads", changed, Map.of("jobtitle", "Tracked again"));
            sync.cycle("leads");
            assertThat(emulator.requests()).singleElement().satisfies(r -> assertThat(Reads.isDeltaRead(r)).isTrue());
            assertThat(StoreComparison.differences(emulator, sync.dataSource(), all(sync))).isEmpty();
        }
    }

    @Test
    void a_change_tracking_link_dynamics_refuses_is_dropped_for_a_full_read() throws Exception {
        try (DataverseEmulator emulator = DataverseEmulator.start(organization());
             SyncRuntime sync = SyncRuntime.start(SyncRuntime.properties(emulator.baseUrl()))) {
            sync.awaitFirstCycles();
            String gone = id(emulator, "accounts", 3);
            emulator.data().delete("accounts", gone);
            emulator.faults().fail(r -> "accounts".equals(r.entitySet()) && Reads.isDeltaRead(r), 400, 1, 0);
            emulator.clearRequests();

            sync.cycle("accounts");
            assertThat(sync.bean("syncInboundRuns", InboundRuns.class).failing()).as("a refused link is an error").contains("accounts");
            sync.cycle("accounts");

            assertThat(emulator.requests()).filteredOn(r -> "accounts".equals(r.entitySet())).extracting(Reads::isDeltaRead)
                    .as("the refused link, then a full read (not the same link again)").startsWith(true, false).containsOnlyOnce(true);
            assertThat(deleted(sync.dataSource(), "companies", gone)).isTrue();
            assertThat(StoreComparison.differences(emulator, sync.dataSource(), all(sync))).isEmpty();
            assertThat(sync.bean("syncInboundRuns", InboundRuns.class).failing()).isEmpty();
        }
    }

    private static Iterable<io.dynsync.mapping.EntityMapping> all(SyncRuntime sync) {
        return sync.bean("syncMappings", MappingCatalog.class).all();
    }

    private static String id(DataverseEmulator emulator, String set, int index) {
        return String.valueOf(emulator.data().list(set).get(index).get(emulator.data().primaryKey(set)));
    }

    private static boolean deleted(DataSource store, String table, String dynamicsId) throws Exception {
        try (Connection c = store.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT dynamics_deleted FROM " + table + " WHERE dynamics_id = ?")) {
            ps.setString(1, dynamicsId);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("%s has a row for %s", table, dynamicsId).isTrue();
                return rs.getBoolean(1);
            }
        }
    }

    private static int rowCount(DataSource store, String table, String dynamicsId) throws Exception {
        try (Connection c = store.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE dynamics_id = ?")) {
            ps.setString(1, dynamicsId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
