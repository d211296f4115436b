package io.dynsync.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import io.dynsync.emulator.DataverseEmulator;
import io.dynsync.emulator.EmulatorOptions;
import io.dynsync.testing.SyncRuntime;
import org.junit.jupiter.api.Test;

class OrganizationChangeTest {

    /**
     * sync.dynamics.url is pointed at another organization (sandbox → production). Saved page links are
     * checked against it (InboundQuery.isPageOf); the saved change-tracking link is not, so the sync keeps
     * reading the old organization, sending the new organization's token to it.
     */
    @Test
    void a_change_tracking_link_of_another_organization_is_not_followed() throws Exception {
        String store = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        try (DataverseEmulator sandbox = DataverseEmulator.start(EmulatorOptions.defaults().count("accounts", 5));
             DataverseEmulator production = DataverseEmulator.start(EmulatorOptions.defaults().count("accounts", 5))) {
            Map<String, String> first = SyncRuntime.properties(sandbox.baseUrl());
            first.put("sync.store.url", store);
            try (SyncRuntime sync = SyncRuntime.start(first)) {
                sync.awaitFirstCycles();
            }
            Map<String, String> second = SyncRuntime.properties(production.baseUrl());
            second.put("sync.store.url", store);
            try (SyncRuntime sync = SyncRuntime.start(second)) {
                sync.awaitFirstCycles();
                sandbox.clearRequests();
                production.clearRequests();
                sync.cycle("accounts");
                assertThat(sandbox.requests()).as("requests sent to the organization no longer configured").isEmpty();
            }
        }
    }
}
