package io.dynsync.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.dynsync.emulator.DataverseEmulator;
import io.dynsync.emulator.EmulatorOptions;
import io.dynsync.mapping.MappingCatalog;
import io.dynsync.testing.ShippedMappings;
import io.dynsync.testing.Reads;
import io.dynsync.testing.StoreComparison;
import io.dynsync.testing.SyncRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An operator maps a new field, or moves an entity to a watermark: rows already stored are brought up to date. */
class MappingChangeTest {

    @TempDir
    Path mappings;

    @Test
    void a_changed_mapping_rereads_the_entity_and_rewrites_rows_already_stored() throws Exception {
        ShippedMappings.copy(mappings);
        ShippedMappings.edit(mappings, "new_projects.yaml", text -> text.replace("table: projects", "table: projects\nwatermark: none"));
        try (DataverseEmulator emulator = DataverseEmulator.start(EmulatorOptions.defaults().count("leads", 20)
                .count("contacts", 5).count("accounts", 5).count("opportunities", 5).count("new_projects", 2))) {
            Map<String, String> properties = SyncRuntime.properties(emulator.baseUrl());
            properties.put("sync.mappings", "file:" + mappings);
            try (SyncRuntime sync = SyncRuntime.start(properties)) {
                sync.awaitFirstCycles();
            }
            // a new column for users, and projects switched from full re-reads to a watermark
            ShippedMappings.edit(mappings, "systemusers.yaml", text -> text + "  - { from: firstname, to: first_name }\n");
            ShippedMappings.edit(mappings, "new_projects.yaml", text -> text.replace("watermark: none", "watermark: modifiedon"));
            emulator.clearRequests();

            try (SyncRuntime sync = SyncRuntime.start(properties)) {
                sync.awaitFirstCycles();
                MappingCatalog catalog = sync.bean("syncMappings", MappingCatalog.class);
                assertThat(StoreComparison.differences(emulator, sync.dataSource(), catalog.all()))
                        .as("existing users got their first_name").isEmpty();
                assertThat(sync.bean("syncInboundRuns", InboundRuns.class).failing()).isEmpty();
                // unchanged mappings went on incrementally; the two changed ones were read in full (and team
                // memberships, which have no modifiedon, are always re-read)
                List<String> fullReads = emulator.requests().stream()
                        .filter(Reads::isFullRead)
                        .map(r -> r.entitySet()).distinct().sorted().toList();
                assertThat(fullReads).containsExactly("new_projects", "systemusers", "teammemberships");
            }
        }
    }
}
