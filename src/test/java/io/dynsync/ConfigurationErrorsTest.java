package io.dynsync;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.dynsync.testing.ShippedMappings;
import io.dynsync.testing.SyncRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bad configuration stops start-up with a message that names the key or the file at fault. */
class ConfigurationErrorsTest {

    @TempDir
    Path mappings;

    private Throwable startWith(Map<String, String> overrides) {
        Map<String, String> properties = SyncRuntime.properties("http://127.0.0.1:9");
        properties.putAll(overrides);
        try (SyncRuntime ignored = SyncRuntime.start(properties)) {
            return null;
        } catch (Throwable t) {
            return t;
        }
    }

    private static String messages(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c.getMessage()).append('\n');
        }
        return all.toString();
    }

    @Test
    void a_misspelt_key_in_a_mapping_file_names_the_file_and_the_key() throws Exception {
        Files.writeString(mappings.resolve("new_events.yaml"), """
                entitySet: new_events
                primaryKey: new_eventid
                table: events
                feilds:
                  - { from: new_name, to: name }
                """);
        Throwable failure = startWith(Map.of("sync.mappings", "file:" + mappings));
        assertThat(messages(failure)).contains("new_events.yaml").contains("unknown key 'feilds'");
    }

    @Test
    void an_unsafe_column_name_is_refused_before_any_sql_runs() throws Exception {
        Files.writeString(mappings.resolve("new_events.yaml"), """
                entitySet: new_events
                primaryKey: new_eventid
                table: events
                fields:
                  - { from: new_name, to: "name; DROP TABLE persons" }
                """);
        Throwable failure = startWith(Map.of("sync.mappings", "file:" + mappings));
        assertThat(messages(failure)).contains("new_events.yaml")
                .contains("column 'name; DROP TABLE persons' must be lower case letters, digits and _");
    }

    @Test
    void a_mapped_type_the_existing_column_cannot_hold_names_the_file_and_the_column() throws Exception {
        ShippedMappings.copy(mappings);
        // companies.website is VARCHAR in the contract schema
        ShippedMappings.edit(mappings, "accounts.yaml", text -> text.replace("{ from: websiteurl, to: website }",
                "{ from: numberofemployees, to: website, type: integer }"));
        assertThat(messages(startWith(Map.of("sync.mappings", "file:" + mappings))))
                .contains("accounts.yaml: column companies.website is CHARACTER VARYING in the store, which cannot hold the "
                        + "mapping's type integer");
    }

    @Test
    void settings_out_of_range_name_their_key() {
        assertThat(messages(startWith(Map.of("sync.page-size", "6000"))))
                .contains("sync.page-size must be between 1 and 5000");
        assertThat(messages(startWith(Map.of("sync.schedule", "often"))))
                .contains("sync.schedule must be a duration");
        assertThat(messages(startWith(Map.of("sync.dynamics.auth.mode", "kerberos"))))
                .contains("sync.dynamics.auth.mode must be one of");
        assertThat(messages(startWith(Map.of("sync.mappings", "file:" + mappings))))
                .contains("sync.mappings: no mapping files");
    }
}
