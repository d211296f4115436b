package io.dynsync.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.dynsync.emulator.DataverseEmulator;
import io.dynsync.emulator.EmulatorOptions;
import io.dynsync.emulator.RecordedRequest;
import io.dynsync.inbound.InboundRuns;
import io.dynsync.testing.Reads;
import io.dynsync.testing.SignIn;
import io.dynsync.testing.SyncRuntime;
import org.junit.jupiter.api.Test;

/** A 401 met while retrying another failure still gets one new token and one more try. */
class UnauthorizedAfterRetryTest {

    /** A 503 is retried; the retry meets a 401 (the token expired during the backoff): sign in again and go on. */
    @Test
    void a_401_met_while_retrying_a_503_still_renews_the_token_and_resends() throws Exception {
        try (DataverseEmulator emulator = DataverseEmulator.start(SignIn.tenant(EmulatorOptions.defaults()).count("accounts", 5));
             SyncRuntime sync = SyncRuntime.start(SignIn.properties(emulator, "client-secret"))) {
            sync.awaitFirstCycles();
            emulator.faults().fail(r -> "accounts".equals(r.entitySet()) && Reads.isDeltaRead(r), 503, 1, 0);
            emulator.faults().fail(r -> "accounts".equals(r.entitySet()) && Reads.isDeltaRead(r), 401, 1, 0);
            emulator.clearRequests();

            sync.cycle("accounts");

            assertThat(emulator.requests().stream().filter(r -> "accounts".equals(r.entitySet())).map(RecordedRequest::status).toList())
                    .as("503, retried; 401, renewed and sent again").containsExactly(503, 401, 200);
            assertThat(sync.bean("syncInboundRuns", InboundRuns.class).failing()).as("entities whose cycle failed").isEmpty();
        }
    }
}
