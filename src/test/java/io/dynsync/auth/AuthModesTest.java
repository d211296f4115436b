package io.dynsync.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Map;

import io.dynsync.dynamics.DynamicsAuth;
import io.dynsync.emulator.DataverseEmulator;
import io.dynsync.emulator.EmulatorOptions;
import io.dynsync.mapping.MappingCatalog;
import io.dynsync.testing.SignIn;
import io.dynsync.testing.StoreComparison;
import io.dynsync.testing.SyncRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real msal4j signs in to the emulator's Entra endpoints over TLS in each mode an operator can
 * configure, and the sync moves data both ways with the token it got.
 */
class AuthModesTest {

    @ParameterizedTest
    @ValueSource(strings = {"password", "client-secret", "client-certificate"})
    void each_mode_signs_in_and_syncs(String mode) throws Exception {
        try (DataverseEmulator emulator = DataverseEmulator.start(SignIn.tenant(EmulatorOptions.defaults())
                .count("leads", 30).count("contacts", 20).count("accounts", 10).count("opportunities", 10)
                .count("systemusers", 5).count("teams", 2).count("new_projects", 5))) {
            assertThat(emulator.baseUrl()).startsWith("https://");
            try (SyncRuntime sync = SyncRuntime.start(SignIn.properties(emulator, mode))) {
                sync.awaitFirstCycles();
                sync.awaitFirstOutboundCycles();
                MappingCatalog mappings = sync.bean("syncMappings", MappingCatalog.class);
                assertThat(StoreComparison.differences(emulator, sync.dataSource(), mappings.all()))
                        .as("first sync in mode %s", mode).isEmpty();

                // and back: a store edit reaches Dynamics with the same sign-in
                String leadId = (String) emulator.data().list("leads").get(3).get("leadid");
                try (Connection c = sync.dataSource().getConnection();
                     PreparedStatement ps = c.prepareStatement("UPDATE persons SET job_title = ? WHERE dynamics_id = ?")) {
                    ps.setString(1, "Signed in via " + mode);
                    ps.setString(2, leadId);
                    assertThat(ps.executeUpdate()).isEqualTo(1);
                }
                sync.outbound("leads");
                assertThat(emulator.data().get("leads", leadId).orElseThrow()).containsEntry("jobtitle", "Signed in via " + mode);

                assertThat(emulator.tokenRequests(SignIn.grant(mode))).as("tokens came from the %s grant", SignIn.grant(mode))
                        .isGreaterThanOrEqualTo(1);
                assertThat(emulator.tokenRequests()).as("no other grant was used").containsOnlyKeys(SignIn.grant(mode));
                // one token serves until it nears its end: not one sign-in per request
                assertThat(sync.bean("syncDynamicsAuth", DynamicsAuth.class).tokensAcquired()).isLessThanOrEqualTo(2);
                // (but the setup check's first probe, which only asks whether the URL answers at all)
                assertThat(emulator.requests().stream().filter(r -> !r.inBatch() && !r.path().equals("/api/data/v9.2/")).toList())
                        .as("every Web API request carried a bearer token and was accepted").isNotEmpty()
                        .allSatisfy(r -> {
                            assertThat(r.header("Authorization")).startsWith("Bearer ");
                            assertThat(r.status()).isNotEqualTo(401);
                        });
            }
        }
    }

    @Test
    void a_token_within_five_minutes_of_its_end_is_not_used() throws Exception {
        // tokens that live 4 minutes are always inside the renewal margin: each call signs in anew
        try (DataverseEmulator emulator = DataverseEmulator.start(SignIn.tenant(EmulatorOptions.defaults())
                .tokenLifetime(java.time.Duration.ofMinutes(4)).count("leads", 5).count("contacts", 5).count("accounts", 5)
                .count("opportunities", 5).count("systemusers", 3).count("teams", 2).count("new_projects", 2));
             SyncRuntime sync = SyncRuntime.start(SignIn.properties(emulator, "client-secret"))) {
            sync.awaitFirstCycles();
            // the sync's own reads (the setup check signs in once for all of its probes)
            long calls = emulator.requests().stream().filter(r -> !r.inBatch() && r.entitySet() != null
                    && (r.rawQuery() == null || !r.rawQuery().contains("$top=1"))).count();
            assertThat(calls).isGreaterThanOrEqualTo(8);
            assertThat(sync.bean("syncDynamicsAuth", DynamicsAuth.class).tokensAcquired())
                    .as("a new token for each of the %d signed calls", calls).isGreaterThanOrEqualTo(calls);
            assertThat(emulator.requests()).as("no expired token was sent (the check's unsigned first probe aside)")
                    .filteredOn(r -> r.header("Authorization") != null).noneSatisfy(r -> assertThat(r.status()).isEqualTo(401));
        }
    }
}
