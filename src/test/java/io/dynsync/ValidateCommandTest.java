package io.dynsync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.dynsync.emulator.DataverseEmulator;
import io.dynsync.emulator.EmulatorOptions;
import io.dynsync.testing.ShippedMappings;
import io.dynsync.testing.SignIn;
import io.dynsync.testing.SyncProcess;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code validate}: the setup checklist, run as operators run it, with its exit code. */
class ValidateCommandTest {

    private static final Path LOGS = Path.of("target", "validate-logs");
    private static DataverseEmulator emulator;

    @TempDir
    Path mappings;

    @BeforeAll
    static void tenant() {
        emulator = DataverseEmulator.start(SignIn.tenant(EmulatorOptions.defaults()).count("leads", 5).count("contacts", 5)
                .count("accounts", 5).count("opportunities", 5).count("systemusers", 3).count("teams", 2).count("new_projects", 2));
    }

    @AfterAll
    static void close() {
        emulator.close();
    }

    @Test
    void a_correct_setup_passes_every_line_and_exits_0() throws Exception {
        List<String> checklist = validate(SignIn.properties(emulator, "client-secret"), "correct.log", 0);
        assertThat(checklist).allSatisfy(line -> assertThat(line).startsWith("[PASS]"));
        assertThat(String.join("\n", checklist)).contains("[PASS] configuration").contains("[PASS] sync.dynamics.url")
                .contains("[PASS] sign-in: mode client-secret").contains("[PASS] WhoAmI").contains("[PASS] sync.store.url")
                .contains("leads.yaml (leads): lead").contains("teammemberships.yaml (teammemberships)")
                .contains("change tracking on");
        assertThat(checklist).as("every mapping file has its line").hasSizeGreaterThanOrEqualTo(5 + 8);
        assertThat(emulator.requests()).as("validate reads one record per entity, to prove it may")
                .filteredOn(r -> r.entitySet() != null)
                .allSatisfy(r -> assertThat(r.rawQuery()).contains("$top=1"));
    }

    @Test
    void an_attribute_dynamics_does_not_have_fails_naming_the_file_the_entity_and_the_attribute() throws Exception {
        ShippedMappings.copy(mappings);
        ShippedMappings.edit(mappings, "accounts.yaml", text -> text + "  - { from: new_tier, to: tier }\n");
        Map<String, String> properties = SignIn.properties(emulator, "client-secret");
        properties.put("sync.mappings", "file:" + mappings);

        // a store file that does not exist yet: validate looks, and leaves it as it was (nothing migrated)
        Path store = mappings.resolve("store");
        properties.put("sync.store.url", "jdbc:h2:file:" + store + "/sync;AUTO_SERVER=TRUE");
        List<String> checklist = validate(properties, "bad-attribute.log", 1);
        assertThat(checklist).anySatisfy(line -> assertThat(line).startsWith("[PASS] sync.store.url")
                .contains("start-up will apply 8 migration(s)"));
        try (var c = java.sql.DriverManager.getConnection("jdbc:h2:file:" + store + "/sync", "sa", "");
             var rs = c.getMetaData().getTables(null, null, "COMPANIES", null)) {
            assertThat(rs.next()).as("validate created no table").isFalse();
        }
        assertThat(checklist).filteredOn(line -> line.startsWith("[FAIL]")).singleElement().satisfies(line -> assertThat(line)
                .contains("accounts.yaml").contains("entity account").contains("new_tier"));
    }

    @Test
    void a_lookup_bound_through_a_navigation_property_dynamics_does_not_have_fails() throws Exception {
        ShippedMappings.copy(mappings);
        ShippedMappings.edit(mappings, "contacts.yaml", text -> ShippedMappings.withLookupsToDynamics(text)
                .replace("navigation: parentcustomerid_account", "navigation: parentcustomerid"));
        Map<String, String> properties = SignIn.properties(emulator, "client-secret");
        properties.put("sync.mappings", "file:" + mappings);

        List<String> checklist = validate(properties, "bad-navigation.log", 1);
        assertThat(checklist).filteredOn(line -> line.startsWith("[FAIL]")).singleElement().satisfies(line -> assertThat(line)
                .contains("contacts.yaml").contains("no navigation property parentcustomerid "));
    }

    /** Runs {@code validate}; its checklist lines, after the exit code was checked. */
    private static List<String> validate(Map<String, String> properties, String log, int exitCode) throws Exception {
        try (SyncProcess process = SyncProcess.start(properties, LOGS.resolve(log), "validate")) {
            assertThat(process.waitFor()).as("exit code; output:%n%s", process.log()).isEqualTo(exitCode);
            List<String> checklist = process.log().lines().map(String::trim)
                    .filter(l -> l.startsWith("[PASS]") || l.startsWith("[FAIL]")).toList();
            assertThat(process.log()).contains(exitCode == 0 ? "checks passed" : "checks failed");
            return checklist;
        }
    }
}
