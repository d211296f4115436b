package io.dynsync.twoway;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.dynsync.emulator.QualifiedLead;
import io.dynsync.testing.ShippedMappings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sync filter (new_synctomkto on leads and contacts), with Marketo's semantics and qualify cases. */
class SyncFilterTest extends TwoWayTestBase {

    @TempDir
    static Path mappingsDir;

    @Override
    Map<String, String> store() throws Exception {
        return Map.of("sync.store.url", "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "sync.mappings", ShippedMappings.copy(mappingsDir, text -> text.replace("#filter: new_synctomkto", "filter: new_synctomkto")));
    }

    @Test
    void only_an_explicit_no_excludes_and_switching_it_brings_records_in_or_freezes_them() throws Exception {
        List<Map<String, Object>> contacts = emulator.data().list("contacts");
        Map<String, Object> excluded = contacts.stream().filter(c -> Boolean.FALSE.equals(c.get("new_synctomkto"))).findFirst().orElseThrow();
        Map<String, Object> empty = contacts.stream().filter(c -> c.get("new_synctomkto") == null).findFirst().orElseThrow();
        String excludedId = (String) excluded.get("contactid");
        assertThat(rows("SELECT id FROM persons WHERE dynamics_id = ?", excludedId)).as("No: not copied").isEmpty();
        assertThat(person((String) empty.get("contactid"))).as("empty: synced").isNotNull();

        // No → Yes: in on the next cycle
        emulator.data().update("contacts", excludedId, Map.of("new_synctomkto", true));
        sync.cycle("contacts");
        assertThat(person(excludedId)).containsEntry("last_name", excluded.get("lastname"));

        // Yes → No: the store keeps its copy as it was, and nothing syncs either way any more
        String frozen = (String) empty.get("contactid");
        emulator.data().update("contacts", frozen, Map.of("new_synctomkto", false, "jobtitle", "After the switch"));
        sync.cycle("contacts");
        assertThat(person(frozen)).containsEntry("sync_excluded", true).containsEntry("job_title", empty.get("jobtitle"));
        emulator.clearRequests();
        sql("UPDATE persons SET job_title = 'Edited in the store' WHERE dynamics_id = ?", frozen);
        sync.outbound("contacts");
        assertThat(emulator.requests()).noneMatch(r -> r.isBatch() || r.inBatch());
    }

    @Test
    void qualify_cases_follow_the_filters_of_the_lead_and_the_contact() throws Exception {
        List<Map<String, Object>> leads = emulator.data().list("leads").stream()
                .filter(l -> !Boolean.FALSE.equals(l.get("new_synctomkto")) && Integer.valueOf(0).equals(l.get("statecode"))).toList();
        // lead Yes, contact No: the lead's person is updated, the contact does not sync
        String leadYes = (String) leads.get(0).get("leadid");
        QualifiedLead first = emulator.data().qualifyLead(leadYes, false, true, false);
        emulator.data().update("contacts", first.contactId(), Map.of("new_synctomkto", false));
        sync.cycle("contacts", "leads");
        assertThat(person(leadYes)).containsEntry("dynamics_type", "lead");
        assertThat(rows("SELECT id FROM persons WHERE dynamics_id = ?", first.contactId())).isEmpty();

        // lead No, contact Yes: a new contact person
        String leadNo = (String) leads.get(1).get("leadid");
        emulator.data().update("leads", leadNo, Map.of("new_synctomkto", false));
        sync.cycle("leads");
        QualifiedLead second = emulator.data().qualifyLead(leadNo, false, true, false);
        emulator.data().update("contacts", second.contactId(), Map.of("new_synctomkto", true));
        sync.cycle("contacts", "leads");
        assertThat(person(second.contactId())).containsEntry("dynamics_type", "contact");
        assertThat(person(leadNo)).as("the excluded lead's copy stays as it was").containsEntry("sync_excluded", true);
    }
}
