package io.dynsync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import java.util.UUID;

import io.dynsync.emulator.DataverseEmulator;
import io.dynsync.emulator.EmulatorOptions;
import io.dynsync.inbound.InboundRuns;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.Test;

/**
 * A host that already runs Camel Main puts the jar on its classpath and sets the sync.* keys: the
 * routes, beans and mappings come from the jar (classpath:camel/, classpath:sync/mappings), with no
 * file copied and nothing of ours in its own configuration but those keys.
 */
class EmbeddedHostTest {

    @Test
    void the_jar_alone_brings_the_routes_beans_and_mappings_into_a_host() throws Exception {
        try (DataverseEmulator emulator = DataverseEmulator.start(EmulatorOptions.defaults().count("leads", 30)
                .count("contacts", 30).count("accounts", 5).count("opportunities", 5).count("new_projects", 3))) {
            Main host = new Main();
            // the host's own settings: Camel Main defaults (routes from classpath:camel/*), plus our keys
            Properties settings = new Properties();
            settings.put("camel.main.name", "host-application");
            settings.put("sync.dynamics.url", emulator.baseUrl());
            settings.put("sync.store.url", "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
            settings.put("sync.schedule", "1h");
            host.setOverrideProperties(settings);
            host.start();
            try {
                InboundRuns runs = host.getCamelContext().getRegistry().lookupByNameAndType("syncInboundRuns", InboundRuns.class);
                assertThat(runs.awaitEveryEntityOnce(120_000)).isTrue();
                assertThat(runs.failing()).isEmpty();
                assertThat(runs.entities()).hasSize(8);
                assertThat(host.getCamelContext().getRoutes()).allSatisfy(r -> assertThat(r.getRouteId()).startsWith("sync-"));
                assertThat(host.getCamelContext().getName()).isEqualTo("host-application");
            } finally {
                host.stop();
            }
        }
    }
}
