package io.dynsync.twoway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import io.dynsync.testing.ShippedMappings;
import io.dynsync.testing.StoreComparison;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lookups that sync to Dynamics (the commented lines of the shipped mappings switched on): a lead's owner
 * and a contact's account, written through their navigation properties with {@code @odata.bind}.
 */
class LookupsToDynamicsTest extends TwoWayTestBase {

    @TempDir
    static Path mappingsDir;

    @Override
    Map<String, String> store() throws Exception {
        return Map.of("sync.store.url", "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "sync.mappings", ShippedMappings.copy(mappingsDir, ShippedMappings::withLookupsToDynamics));
    }

    @Test
    void a_new_owner_and_a_new_account_set_in_the_store_are_bound_in_dynamics() throws Exception {
        assertThat(Files.readString(mappingsDir.resolve("leads.yaml"))).contains("bind: { navigation: ownerid")
                .doesNotContain("#- { from: _ownerid_value");
        List<Map<String, Object>> writes = new CopyOnWriteArrayList<>();
        emulator.data().onWrite("leads", (id, body) -> writes.add(body));
        emulator.data().onWrite("contacts", (id, body) -> writes.add(body));
        Map<String, Object> lead = emulator.data().list("leads").get(4);
        String leadId = (String) lead.get("leadid");
        String newOwner = emulator.data().list("systemusers").stream().map(u -> (String) u.get("systemuserid"))
                .filter(u -> !u.equals(lead.get("_ownerid_value"))).findFirst().orElseThrow();
        Map<String, Object> contact = emulator.data().list("contacts").get(6);
        String contactId = (String) contact.get("contactid");
        String newAccount = emulator.data().list("accounts").stream().map(a -> (String) a.get("accountid"))
                .filter(a -> !a.equals(contact.get("_parentcustomerid_value"))).findFirst().orElseThrow();

        sql("UPDATE persons SET owner_dynamics_id = ? WHERE dynamics_id = ?", newOwner.toUpperCase(), leadId);
        sql("UPDATE persons SET company_dynamics_id = ? WHERE dynamics_id = ?", newAccount, contactId);
        sync.outbound();

        assertThat(writes).as("only the changed lookup, through its navigation property")
                .containsExactlyInAnyOrder(Map.of("ownerid@odata.bind", "/systemusers(" + newOwner + ")"),
                        Map.of("parentcustomerid_account@odata.bind", "/accounts(" + newAccount + ")"));
        assertThat(emulator.data().get("leads", leadId).orElseThrow()).containsEntry("_ownerid_value", newOwner);
        assertThat(emulator.data().get("contacts", contactId).orElseThrow()).containsEntry("_parentcustomerid_value", newAccount);

        // the change comes back as the sync's own write: nothing more to send, the store equals Dynamics
        sync.cycle("leads", "contacts");
        writes.clear();
        sync.outbound();
        assertThat(writes).isEmpty();
        assertThat(StoreComparison.differences(emulator, sync.dataSource(), mappings())).isEmpty();
    }

    @Test
    void a_value_that_is_not_a_dynamics_id_is_a_sync_error_for_that_person_only() throws Exception {
        String leadId = (String) emulator.data().list("leads").get(8).get("leadid");
        String otherLead = (String) emulator.data().list("leads").get(9).get("leadid");
        sql("UPDATE persons SET owner_dynamics_id = 'jane.doe' WHERE dynamics_id = ?", leadId);
        sql("UPDATE persons SET job_title = 'Still sent' WHERE dynamics_id = ?", otherLead);
        sync.outbound("leads");
        assertThat(rows("SELECT error_code, message FROM sync_errors WHERE dynamics_id = ? AND resolved = FALSE", leadId))
                .singleElement().satisfies(e -> assertThat((String) e.get("message")).contains("'jane.doe' is not a Dynamics id"));
        assertThat(emulator.data().get("leads", otherLead).orElseThrow()).containsEntry("jobtitle", "Still sent");
    }
}
