package io.dynsync.twoway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/** The configured delete policies: a store delete deletes in Dynamics, a Dynamics delete erases the person. */
class DeleteOptionsTest extends TwoWayTestBase {

    @Override
    Map<String, String> store() {
        return Map.of("sync.store.url", "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }

    @Override
    Map<String, String> settings() {
        return Map.of("sync.persons.on-store-delete", "delete", "sync.persons.on-dynamics-delete", "erase");
    }

    @Test
    void configured_a_store_delete_deletes_the_lead_and_a_dynamics_delete_erases_the_person() throws Exception {
        String leadId = (String) emulator.data().list("leads").get(2).get("leadid");
        sql("DELETE FROM persons WHERE dynamics_id = ?", leadId);
        sync.outbound("leads");
        assertThat(emulator.data().get("leads", leadId)).isEmpty();
        assertThat(rows("SELECT * FROM sync_person_deletes")).isEmpty();

        String contactId = (String) emulator.data().list("contacts").get(2).get("contactid");
        emulator.data().delete("contacts", contactId);
        sql("UPDATE persons SET job_title = 'Touched' WHERE dynamics_id = ?", contactId);
        sync.outbound("contacts");
        assertThat(rows("SELECT id FROM persons WHERE dynamics_id = ?", contactId)).isEmpty();
        assertThat(rows("SELECT * FROM sync_person_deletes")).as("erasing is not a store delete to send back").isEmpty();
    }
}
