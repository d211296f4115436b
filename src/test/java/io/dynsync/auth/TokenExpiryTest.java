package io.dynsync.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.dynsync.dynamics.DynamicsAuth;
import io.dynsync.emulator.DataverseEmulator;
import io.dynsync.emulator.EmulatorOptions;
import io.dynsync.emulator.Hold;
import io.dynsync.emulator.RecordedRequest;
import io.dynsync.inbound.InboundRuns;
import io.dynsync.mapping.MappingCatalog;
import io.dynsync.testing.Reads;
import io.dynsync.testing.SignIn;
import io.dynsync.testing.StoreComparison;
import io.dynsync.testing.SyncRuntime;
import org.junit.jupiter.api.Test;

/**
 * The token runs out in the middle of a first sync: the sync signs in again and finishes, losing nothing;
 * and an outbound $batch that meets an expired token is sent again with a new one.
 */
class TokenExpiryTest {

    private static final int LEADS = 2000;
    private static final int PAGE_SIZE = 200;

    @Test
    void a_token_that_expires_mid_first_sync_is_renewed_and_the_sync_completes() throws Exception {
        try (DataverseEmulator emulator = DataverseEmulator.start(SignIn.tenant(EmulatorOptions.defaults())
                .count("leads", LEADS).count("contacts", 20).count("accounts", 10).count("opportunities", 10)
                .count("systemusers", 5).count("teams", 2).count("new_projects", 5))) {
            Hold page4 = emulator.faults().hold(r -> "leads".equals(r.entitySet()) && Reads.isFullRead(r) && r.pageNumber() == 4);
            Map<String, String> properties = SignIn.properties(emulator, "client-secret");
            properties.put("sync.page-size", String.valueOf(PAGE_SIZE));
            try (SyncRuntime sync = SyncRuntime.start(properties)) {
                assertThat(page4.awaitArrived(Duration.ofSeconds(120))).as("the first sync asks for page 4").isTrue();
                long tokensBefore = sync.bean("syncDynamicsAuth", DynamicsAuth.class).tokensAcquired();
                emulator.expireTokens();
                page4.release();
                sync.awaitFirstCycles();

                MappingCatalog mappings = sync.bean("syncMappings", MappingCatalog.class);
                assertThat(sync.bean("syncInboundRuns", InboundRuns.class).failing()).as("no entity failed").isEmpty();
                assertThat(StoreComparison.differences(emulator, sync.dataSource(), mappings.all()))
                        .as("the store equals Dynamics: nothing missing, nothing duplicated").isEmpty();
                assertThat(emulator.requests()).as("Dynamics answered 401 to the expired token")
                        .anySatisfy(r -> assertThat(r.status()).isEqualTo(401));
                assertThat(sync.bean("syncDynamicsAuth", DynamicsAuth.class).tokensAcquired())
                        .as("a new token was acquired").isGreaterThan(tokensBefore);
                Map<Integer, Long> pages = emulator.requests().stream()
                        .filter(r -> "leads".equals(r.entitySet()) && Reads.isFullRead(r) && r.status() == 200)
                        .collect(Collectors.groupingBy(RecordedRequest::pageNumber, Collectors.counting()));
                assertThat(pages).as("every lead page was read exactly once")
                        .isEqualTo(IntStream.rangeClosed(1, LEADS / PAGE_SIZE).boxed().collect(Collectors.toMap(p -> p, p -> 1L)));

                // the same on the way out: the $batch of a store edit meets an expired token
                sync.awaitFirstOutboundCycles();
                String contactId = (String) emulator.data().list("contacts").get(2).get("contactid");
                try (Connection c = sync.dataSource().getConnection();
                     PreparedStatement ps = c.prepareStatement("UPDATE persons SET job_title = 'After expiry' WHERE dynamics_id = ?")) {
                    ps.setString(1, contactId);
                    assertThat(ps.executeUpdate()).isEqualTo(1);
                }
                emulator.expireTokens();
                emulator.clearRequests();
                sync.outbound("contacts");
                assertThat(emulator.data().get("contacts", contactId).orElseThrow()).containsEntry("jobtitle", "After expiry");
                assertThat(emulator.requests()).filteredOn(r -> r.path().endsWith("$batch")).extracting(RecordedRequest::status)
                        .as("refused once, then sent again with a new token").containsExactly(401, 200);
            }
        }
    }
}
