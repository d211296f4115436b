package io.dynsync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import io.dynsync.emulator.DataverseEmulator;
import io.dynsync.emulator.EmulatorOptions;
import io.dynsync.inbound.InboundRuns;
import io.dynsync.mapping.MappingCatalog;
import io.dynsync.testing.ShippedMappings;
import io.dynsync.testing.Reads;
import io.dynsync.testing.StoreComparison;
import io.dynsync.testing.SyncRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The setup check at start-up (sync.validate-on-start): a wrong setup stops start-up with the line at
 * fault; Dynamics not answering does not (the routes retry), so an outage cannot keep a host down.
 */
class StartupCheckTest {

    @TempDir
    Path mappings;

    private static EmulatorOptions organization() {
        return EmulatorOptions.defaults().count("leads", 10).count("contacts", 10).count("accounts", 5)
                .count("opportunities", 5).count("systemusers", 3).count("teams", 2).count("new_projects", 2);
    }

    @Test
    void a_mapped_attribute_dynamics_does_not_have_stops_start_up_naming_it() throws Exception {
        ShippedMappings.copy(mappings);
        ShippedMappings.edit(mappings, "leads.yaml", text -> text.replace("{ from: jobtitle, to: job_title, direction: both }",
                "{ from: new_jobtitle, to: job_title, direction: both }"));
        try (DataverseEmulator emulator = DataverseEmulator.start(organization())) {
            Map<String, String> properties = SyncRuntime.properties(emulator.baseUrl());
            properties.put("sync.mappings", "file:" + mappings);
            assertThatThrownBy(() -> SyncRuntime.start(properties).close())
                    .satisfies(e -> assertThat(SyncApplication.rootMessage(e)).contains("leads.yaml").contains("new_jobtitle"));
            assertThat(emulator.requests()).as("no sync read started").noneMatch(Reads::isFullRead).noneMatch(Reads::isDeltaRead);
        }
    }

    @Test
    void dynamics_not_answering_at_start_up_does_not_stop_it() throws Exception {
        try (DataverseEmulator emulator = DataverseEmulator.start(organization())) {
            emulator.faults().fail(r -> true, 503, 1_000_000, 0);
            try (SyncRuntime sync = SyncRuntime.start(SyncRuntime.properties(emulator.baseUrl()))) {
                sync.awaitFirstCycles();
                assertThat(sync.bean("syncInboundRuns", InboundRuns.class).failing()).as("the first cycles met the outage")
                        .isNotEmpty();
                emulator.faults().clear();
                sync.cycle();
                assertThat(sync.bean("syncInboundRuns", InboundRuns.class).failing()).isEmpty();
                assertThat(StoreComparison.differences(emulator, sync.dataSource(),
                        sync.bean("syncMappings", MappingCatalog.class).all())).isEmpty();
            }
        }
    }
}
