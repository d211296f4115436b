package io.dynsync.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import io.dynsync.emulator.DataverseEmulator;
import io.dynsync.emulator.EmulatorCredentials;
import io.dynsync.emulator.EmulatorOptions;
import io.dynsync.emulator.RecordedRequest;
import io.dynsync.testing.SignIn;
import io.dynsync.testing.SyncProcess;
import org.junit.jupiter.api.Test;

/**
 * Refused credentials stop start-up with a message that names the setting at fault; and no log line,
 * of a refused start or of a run that synced, shows a secret, a password or a token. The application
 * runs as operators run it (its own process, its own logging), and every line it writes is read.
 */
class CredentialsLogTest {

    private static final Path LOGS = Path.of("target", "credentials-logs");

    @Test
    void refused_credentials_name_their_setting_and_no_log_shows_a_secret() throws Exception {
        String wrongSecret = "wrong-secret-" + UUID.randomUUID();
        String wrongPassword = "wrong-password-" + UUID.randomUUID();
        List<String> logs = new ArrayList<>();
        try (DataverseEmulator emulator = DataverseEmulator.start(SignIn.tenant(EmulatorOptions.defaults())
                .count("leads", 20).count("contacts", 10).count("accounts", 5).count("opportunities", 5)
                .count("systemusers", 3).count("teams", 2).count("new_projects", 2))) {

            Map<String, String> badSecret = SignIn.properties(emulator, "client-secret");
            badSecret.put("sync.dynamics.auth.client-secret", wrongSecret);
            String log = refusedStart(badSecret, "wrong-secret.log");
            assertThat(log).contains("sync.dynamics.auth.client-secret: the client secret was refused");
            assertThat(occurrences(log, "the client secret was refused")).as("said once").isEqualTo(1);
            logs.add(log);

            Map<String, String> badPassword = SignIn.properties(emulator, "password");
            badPassword.put("sync.dynamics.auth.password", wrongPassword);
            log = refusedStart(badPassword, "wrong-password.log");
            assertThat(log).contains("sync.dynamics.auth.password: the password was refused");
            assertThat(occurrences(log, "the password was refused")).as("said once").isEqualTo(1);
            logs.add(log);

            assertThat(emulator.requests()).as("a refused start reads and writes no data")
                    .noneSatisfy(r -> assertThat(r.entitySet()).isNotNull());

            for (String mode : SignIn.MODES) {
                try (SyncProcess sync = SyncProcess.start(SignIn.properties(emulator, mode), LOGS.resolve(mode + ".log"), "--once")) {
                    assertThat(sync.waitFor()).as("a run with the right %s credentials", mode).isZero();
                    logs.add(sync.log());
                }
            }
            assertThat(emulator.requests()).as("the successful runs synced")
                    .anySatisfy(r -> assertThat(r.entitySet()).isEqualTo("leads"));

            Set<String> secrets = new LinkedHashSet<>(List.of(wrongSecret, wrongPassword, EmulatorCredentials.DEFAULT_CLIENT_SECRET,
                    EmulatorCredentials.DEFAULT_PASSWORD, EmulatorCredentials.CLIENT_CERTIFICATE_PASSWORD));
            for (RecordedRequest r : emulator.requests()) {
                String authorization = r.header("Authorization");
                if (authorization != null) {
                    secrets.add(authorization.substring("Bearer ".length()));
                }
            }
            assertThat(secrets.size()).as("tokens were issued and used").isGreaterThan(5);
            for (String text : logs) {
                for (String secret : secrets) {
                    assertThat(text).doesNotContain(secret);
                }
                // any JWT at all (header {"typ"… or {"alg"… in base64url)
                assertThat(text).doesNotContain("eyJ");
            }
        }
    }

    private static int occurrences(String text, String part) {
        return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    /** Starts the sync with refused credentials: it must exit non-zero on its own, with one clear line. */
    private static String refusedStart(Map<String, String> properties, String logName) throws Exception {
        try (SyncProcess sync = SyncProcess.start(properties, LOGS.resolve(logName))) {
            assertThat(sync.waitFor()).as("start-up is refused").isEqualTo(1);
            String log = sync.log();
            assertThat(log).contains("The sync did not start").doesNotContain("\tat ");
            return log;
        }
    }
}
