package io.dynsync.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.stream.Collectors;

import io.dynsync.emulator.DataverseEmulator;
import io.dynsync.emulator.EmulatorOptions;
import io.dynsync.emulator.RecordedRequest;
import io.dynsync.mapping.MappingCatalog;
import io.dynsync.testing.Reads;
import io.dynsync.testing.StoreComparison;
import io.dynsync.testing.SyncRuntime;
import org.junit.jupiter.api.Test;

class FirstSyncTest {

    @Test
    void first_sync_copies_every_entity_and_every_mapped_field() throws Exception {
        try (DataverseEmulator emulator = DataverseEmulator.start(EmulatorOptions.defaults())) {
            Map<String, String> properties = SyncRuntime.properties(emulator.baseUrl());
            properties.put("sync.page-size", "97");
            try (SyncRuntime sync = SyncRuntime.start(properties)) {
                sync.awaitFirstCycles();

                MappingCatalog mappings = sync.bean("syncMappings", MappingCatalog.class);
                assertThat(StoreComparison.differences(emulator, sync.dataSource(), mappings.all())).isEmpty();
                assertThat(mappings.all()).extracting("entitySet").containsExactlyInAnyOrder("leads", "contacts",
                        "accounts", "opportunities", "systemusers", "teams", "teammemberships", "new_projects");
                try (Connection c = sync.dataSource().getConnection(); Statement st = c.createStatement();
                        ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM opportunity_roles")) {
                    rs.next();
                    assertThat(rs.getInt(1)).as("opportunity roles derived from customer and contact lookups").isPositive();
                }
                // every page of the first sync was fetched once: 1000 leads at 97 per page are 11 pages
                Map<Integer, Long> leadPages = emulator.requests().stream()
                        .filter(r -> "leads".equals(r.entitySet()) && r.status() == 200 && Reads.isFullRead(r))
                        .collect(Collectors.groupingBy(RecordedRequest::pageNumber, Collectors.counting()));
                assertThat(leadPages).hasSize(11).allSatisfy((page, times) -> assertThat(times).isEqualTo(1));
            }
        }
    }
}
