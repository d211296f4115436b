package io.dynsync.twoway;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.dynsync.emulator.DataverseEmulator;
import io.dynsync.emulator.EmulatorOptions;
import io.dynsync.emulator.QualifiedLead;
import io.dynsync.emulator.RecordedRequest;
import io.dynsync.mapping.MappingCatalog;
import io.dynsync.testing.StoreComparison;
import io.dynsync.testing.SyncRuntime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Leads and contacts both ways, against the emulator: the scenarios, run once per store
 * (H2 and PostgreSQL subclasses).
 */
abstract class TwoWayScenarios extends TwoWayTestBase {

    @Test
    void a_sql_update_of_email_and_job_title_changes_those_two_attributes_and_nothing_else() throws Exception {
        Map<String, Object> lead = emulator.data().list("leads").get(3);
        String leadId = (String) lead.get("leadid");
        List<Map<String, Object>> writes = new CopyOnWriteArrayList<>();
        emulator.data().onWrite("leads", (id, body) -> writes.add(body));
        emulator.data().onWrite("contacts", (id, body) -> writes.add(body));
        emulator.clearRequests();

        sql("UPDATE persons SET email = 'changed.in.store@example.com', job_title = 'Chief Store Officer' WHERE dynamics_id = ?", leadId);
        sync.outbound();

        Map<String, Object> after = emulator.data().get("leads", leadId).orElseThrow();
        assertThat(after).containsEntry("emailaddress1", "changed.in.store@example.com").containsEntry("jobtitle", "Chief Store Officer");
        assertThat(withoutSystemFields(after, "emailaddress1", "jobtitle")).isEqualTo(withoutSystemFields(lead, "emailaddress1", "jobtitle"));
        assertThat(writes).as("one write, of the two changed attributes only").hasSize(1);
        assertThat(writes.get(0).keySet()).containsExactlyInAnyOrder("emailaddress1", "jobtitle");
        assertThat(emulator.requests()).filteredOn(RecordedRequest::isBatch).hasSize(1);
        assertThat(emulator.requests()).filteredOn(r -> !"GET".equals(r.method()) && !r.isBatch()).hasSize(1)
                .allSatisfy(r -> assertThat(r.method()).isEqualTo("PATCH"));
        // and the change does not come back: the next inbound cycle writes nothing into the store
        Map<String, Object> person = person(leadId);
        sync.cycle("leads");
        assertThat(person(leadId)).isEqualTo(person);
    }

    @Test
    void changes_in_dynamics_reach_the_store_for_leads_and_contacts() throws Exception {
        String leadId = (String) emulator.data().list("leads").get(5).get("leadid");
        String contactId = (String) emulator.data().list("contacts").get(5).get("contactid");
        emulator.data().update("leads", leadId, Map.of("jobtitle", "Lead changed in Dynamics", "telephone1", "+1 425 555 0100"));
        emulator.data().update("contacts", contactId, Map.of("lastname", "Changed-in-Dynamics"));
        sync.cycle("leads", "contacts");
        assertThat(person(leadId)).containsEntry("job_title", "Lead changed in Dynamics").containsEntry("phone", "+1 425 555 0100");
        assertThat(person(contactId)).containsEntry("last_name", "Changed-in-Dynamics");
        assertThat(StoreComparison.differences(emulator, sync.dataSource(), mappings())).isEmpty();
    }

    @Test
    void the_same_field_changed_on_both_sides_keeps_the_store_value_for_leads_and_dynamics_value_for_contacts()
            throws Exception {
        String leadId = (String) emulator.data().list("leads").get(7).get("leadid");
        String contactId = (String) emulator.data().list("contacts").get(7).get("contactid");
        sql("UPDATE persons SET job_title = 'Store title' WHERE dynamics_id = ?", leadId);
        sql("UPDATE persons SET job_title = 'Store title' WHERE dynamics_id = ?", contactId);
        emulator.data().update("leads", leadId, Map.of("jobtitle", "Dynamics title"));
        emulator.data().update("contacts", contactId, Map.of("jobtitle", "Dynamics title"));
        // the lead goes out first (its stale etag meets a 412), the contact comes in first
        sync.outbound("leads");
        sync.cycle("contacts");
        sync.cycle("leads");
        sync.outbound("contacts");

        assertThat(emulator.data().get("leads", leadId).orElseThrow()).containsEntry("jobtitle", "Store title");
        assertThat(person(leadId)).containsEntry("job_title", "Store title");
        assertThat(emulator.data().get("contacts", contactId).orElseThrow()).containsEntry("jobtitle", "Dynamics title");
        assertThat(person(contactId)).containsEntry("job_title", "Dynamics title");
    }

    @Test
    void different_fields_changed_on_each_side_both_survive_on_both_sides() throws Exception {
        for (String set : List.of("leads", "contacts")) {
            String id = (String) emulator.data().list(set).get(9).get(set.equals("leads") ? "leadid" : "contactid");
            sql("UPDATE persons SET phone = '+1 206 555 0199' WHERE dynamics_id = ?", id);
            emulator.data().update(set, id, Map.of("firstname", "Renamed"));
            sync.outbound(set);
            sync.cycle(set);
            sync.outbound(set);
            assertThat(emulator.data().get(set, id).orElseThrow()).containsEntry("telephone1", "+1 206 555 0199")
                    .containsEntry("firstname", "Renamed");
            assertThat(person(id)).containsEntry("phone", "+1 206 555 0199").containsEntry("first_name", "Renamed");
        }
    }

    @Test
    void once_converged_three_idle_cycles_write_nothing_on_either_side() throws Exception {
        String leadId = (String) emulator.data().list("leads").get(11).get("leadid");
        String contactId = (String) emulator.data().list("contacts").get(11).get("contactid");
        sql("UPDATE persons SET job_title = 'Before idling' WHERE dynamics_id = ?", leadId);
        emulator.data().update("contacts", contactId, Map.of("jobtitle", "Also before idling"));
        sync.cycle();
        sync.outbound();
        sync.cycle();
        assertThat(StoreComparison.differences(emulator, sync.dataSource(), mappings())).isEmpty();

        List<List<Map<String, Object>>> before = storeSnapshot();
        emulator.clearRequests();
        for (int i = 0; i < 3; i++) {
            sync.cycle();
            sync.outbound();
        }
        assertThat(emulator.requests()).as("only reads reach Dynamics").isNotEmpty()
                .allSatisfy(r -> assertThat(r.method()).isEqualTo("GET"));
        assertThat(storeSnapshot()).as("nothing changed in the store").isEqualTo(before);
    }

    @Test
    void a_person_asked_to_sync_becomes_exactly_one_lead_and_a_known_email_links_instead() throws Exception {
        // a contact that exists in Dynamics but has no person in the store yet
        String contactId = emulator.data().create("contacts", Map.of("firstname", "Known", "lastname", "Contact",
                "emailaddress1", "known.contact@example.com"));
        sql("INSERT INTO persons (email, first_name, last_name, job_title, sync_to_dynamics) VALUES (?, 'New', 'Person', 'Buyer', TRUE)",
                "new.person@example.com");
        sql("INSERT INTO persons (email, first_name, last_name, phone, sync_to_dynamics) VALUES (?, 'Known', 'Contact', '+1 555 0101', TRUE)",
                "Known.Contact@example.com");
        int leads = emulator.data().count("leads");

        sync.outbound("leads");
        sync.outbound("leads");

        assertThat(emulator.data().count("leads")).as("one new lead").isEqualTo(leads + 1);
        Map<String, Object> created = emulator.data().list("leads").stream()
                .filter(l -> "new.person@example.com".equals(l.get("emailaddress1"))).findFirst().orElseThrow();
        assertThat(created).containsEntry("lastname", "Person").containsEntry("jobtitle", "Buyer");
        assertThat(person((String) created.get("leadid"))).containsEntry("dynamics_type", "lead").containsEntry("first_name", "New");
        // both sides had an email (differing in case): for contacts Dynamics' value wins
        assertThat(person(contactId)).containsEntry("dynamics_type", "contact").containsEntry("email", "known.contact@example.com");
        sync.outbound("contacts");
        assertThat(emulator.data().get("contacts", contactId).orElseThrow())
                .as("the store's value fills the contact's blank").containsEntry("telephone1", "+1 555 0101");
    }

    @Test
    void a_request_for_a_person_dynamics_already_has_under_another_store_person_creates_nothing() throws Exception {
        Map<String, Object> contact = emulator.data().list("contacts").stream().filter(c -> c.get("emailaddress1") != null)
                .findFirst().orElseThrow();
        sql("INSERT INTO persons (email, last_name, sync_to_dynamics) VALUES (?, 'Twin', TRUE)", contact.get("emailaddress1"));
        int leads = emulator.data().count("leads");
        sync.outbound("leads");
        assertThat(emulator.data().count("leads")).isEqualTo(leads);
        assertThat(rows("SELECT error_code, dynamics_id FROM sync_errors WHERE direction = 'outbound' AND resolved = FALSE"))
                .containsExactly(Map.of("error_code", "DUPLICATE", "dynamics_id", contact.get("contactid")));
    }

    @Test
    void a_qualified_lead_stays_the_same_person_now_a_contact() throws Exception {
        String leadId = (String) emulator.data().list("leads").get(13).get("leadid");
        Object personId = person(leadId).get("id");
        QualifiedLead qualified = emulator.data().qualifyLead(leadId, false, true, false);
        sync.cycle("contacts", "leads");
        sync.cycle("leads", "contacts");

        assertThat(rows("SELECT id, dynamics_type, dynamics_id FROM persons WHERE dynamics_id IN (?, ?) OR id = ?",
                leadId, qualified.contactId(), personId))
                .containsExactly(Map.of("id", personId, "dynamics_type", "contact", "dynamics_id", qualified.contactId()));
    }

    @Test
    void a_person_dynamics_rejects_goes_to_sync_errors_and_the_others_in_its_batch_still_sync() throws Exception {
        List<Map<String, Object>> leads = emulator.data().list("leads");
        String bad = (String) leads.get(15).get("leadid");
        emulator.faults().fail(r -> r.inBatch() && "PATCH".equals(r.method()) && r.path().contains(bad), 400, 1, 0);
        for (int i = 14; i < 17; i++) {
            sql("UPDATE persons SET job_title = 'Batch title' WHERE dynamics_id = ?", leads.get(i).get("leadid"));
        }
        sync.outbound("leads");

        assertThat(emulator.data().get("leads", (String) leads.get(14).get("leadid")).orElseThrow()).containsEntry("jobtitle", "Batch title");
        assertThat(emulator.data().get("leads", (String) leads.get(16).get("leadid")).orElseThrow()).containsEntry("jobtitle", "Batch title");
        assertThat(emulator.data().get("leads", bad).orElseThrow().get("jobtitle")).isNotEqualTo("Batch title");
        List<Map<String, Object>> errors = rows("SELECT direction, dynamics_id, error_code, message, payload FROM sync_errors "
                + "WHERE resolved = FALSE");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0)).containsEntry("direction", "outbound").containsEntry("dynamics_id", bad)
                .containsEntry("error_code", "HTTP_400");
        assertThat((String) errors.get(0).get("message")).isNotBlank();
        assertThat((String) errors.get(0).get("payload")).contains("Batch title");
    }

    @Test
    void a_contact_deleted_in_dynamics_stays_flagged_in_the_store_and_is_no_longer_sent() throws Exception {
        String contactId = (String) emulator.data().list("contacts").get(17).get("contactid");
        emulator.data().delete("contacts", contactId);
        sql("UPDATE persons SET job_title = 'Still here' WHERE dynamics_id = ?", contactId);
        sync.outbound("contacts");
        assertThat(person(contactId)).containsEntry("dynamics_deleted", true).containsEntry("job_title", "Still here");

        emulator.clearRequests();
        sql("UPDATE persons SET job_title = 'Changed again' WHERE dynamics_id = ?", contactId);
        sync.outbound("contacts");
        assertThat(emulator.requests()).as("nothing sent for it").noneMatch(r -> r.isBatch() || r.inBatch());
    }

    @Test
    void a_person_whose_record_dynamics_deleted_becomes_a_new_lead_only_when_asked_again() throws Exception {
        // a person the store asked for, then deleted in Dynamics by a sales rep
        sql("INSERT INTO persons (email, first_name, last_name, sync_to_dynamics) VALUES (?, 'Once', 'Deleted', TRUE)",
                "once.deleted@example.com");
        sync.outbound("leads");
        sync.cycle("leads");
        String first = (String) rows("SELECT dynamics_id FROM persons WHERE email = ?", "once.deleted@example.com").get(0).get("dynamics_id");
        assertThat(first).isNotNull();
        int leads = emulator.data().count("leads");
        emulator.data().delete("leads", first);
        sync.cycle("leads");
        assertThat(person(first)).containsEntry("dynamics_deleted", true).containsEntry("sync_to_dynamics", false);

        sync.outbound("leads");
        sync.cycle("leads");
        assertThat(emulator.data().count("leads")).as("no lead comes back by itself").isEqualTo(leads - 1);

        // "Sync Person to Microsoft" again
        sql("UPDATE persons SET sync_to_dynamics = TRUE WHERE dynamics_id = ?", first);
        sync.outbound("leads");
        sync.cycle("leads");
        assertThat(emulator.data().count("leads")).as("a new lead").isEqualTo(leads);
        Map<String, Object> row = rows("SELECT * FROM persons WHERE email = ?", "once.deleted@example.com").get(0);
        assertThat(row.get("dynamics_id")).isNotNull().isNotEqualTo(first);
        assertThat(row).containsEntry("dynamics_deleted", false).containsEntry("dynamics_type", "lead");
        assertThat(emulator.data().get("leads", (String) row.get("dynamics_id")).orElseThrow())
                .containsEntry("lastname", "Deleted").containsEntry("emailaddress1", "once.deleted@example.com");
    }

    @Test
    void a_dynamics_merge_leaves_one_person_linked_to_the_winner() throws Exception {
        List<Map<String, Object>> contacts = emulator.data().list("contacts");
        String winner = (String) contacts.get(19).get("contactid");
        String loser = (String) contacts.get(20).get("contactid");
        emulator.data().merge("contacts", winner, loser);
        sync.cycle("contacts");
        assertThat(rows("SELECT COUNT(*) AS n FROM persons WHERE dynamics_id IN (?, ?)", winner, loser))
                .containsExactly(Map.of("n", 1L));
        assertThat(person(winner)).containsEntry("dynamics_type", "contact");
    }

    @Test
    void a_change_made_while_an_outbound_cycle_runs_is_not_lost() throws Exception {
        String leadId = (String) emulator.data().list("leads").get(21).get("leadid");
        sql("UPDATE persons SET job_title = 'First change' WHERE dynamics_id = ?", leadId);
        io.dynsync.emulator.Hold batch = emulator.faults().hold(RecordedRequest::isBatch);
        Thread cycle = new Thread(() -> {
            try {
                sync.outbound("leads");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        cycle.start();
        assertThat(batch.awaitArrived(java.time.Duration.ofSeconds(60))).isTrue();
        sql("UPDATE persons SET phone = '+1 425 555 0123' WHERE dynamics_id = ?", leadId);
        batch.release();
        cycle.join();
        // the phone changed after the person was read for the batch: sent later in the same cycle, or by the next
        sync.outbound("leads");
        assertThat(emulator.data().get("leads", leadId).orElseThrow()).containsEntry("jobtitle", "First change")
                .containsEntry("telephone1", "+1 425 555 0123");
        assertThat(rows("SELECT COUNT(*) AS n FROM persons WHERE dynamics_id = ? AND change_seq > synced_seq", leadId))
                .as("nothing left to send").containsExactly(Map.of("n", 0L));
    }

    @Test
    void an_inbound_cycle_while_an_outbound_batch_is_in_flight_loses_neither_side() throws Exception {
        String leadId = (String) emulator.data().list("leads").get(25).get("leadid");
        sql("UPDATE persons SET job_title = 'Store edit' WHERE dynamics_id = ?", leadId);
        io.dynsync.emulator.Hold batch = emulator.faults().hold(RecordedRequest::isBatch);
        java.util.concurrent.CompletableFuture<Void> outbound = java.util.concurrent.CompletableFuture.runAsync(() -> {
            try {
                sync.outbound("leads");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(batch.awaitArrived(java.time.Duration.ofSeconds(60))).isTrue();
        // while the PATCH waits in Dynamics, a user edits the lead there and the inbound route reads it
        emulator.data().update("leads", leadId, Map.of("telephone1", "+1 206 555 0777", "firstname", "Dyn"));
        sync.cycle("leads");
        assertThat(person(leadId)).as("the inbound write kept the store edit that is in flight")
                .containsEntry("job_title", "Store edit").containsEntry("phone", "+1 206 555 0777").containsEntry("first_name", "Dyn");
        batch.release();
        outbound.get(120, java.util.concurrent.TimeUnit.SECONDS);
        sync.cycle("leads");
        sync.outbound("leads");
        sync.cycle("leads");

        assertThat(emulator.data().get("leads", leadId).orElseThrow()).containsEntry("jobtitle", "Store edit")
                .containsEntry("telephone1", "+1 206 555 0777").containsEntry("firstname", "Dyn");
        assertThat(StoreComparison.differences(emulator, sync.dataSource(), mappings())).isEmpty();
        List<List<Map<String, Object>>> before = storeSnapshot();
        emulator.clearRequests();
        sync.cycle("leads");
        sync.outbound("leads");
        assertThat(emulator.requests()).as("converged: reads only").allSatisfy(r -> assertThat(r.method()).isEqualTo("GET"));
        assertThat(storeSnapshot()).isEqualTo(before);
    }

    @Test
    void a_value_a_plugin_changes_right_after_the_sync_wrote_comes_back_to_the_store() throws Exception {
        String leadId = (String) emulator.data().list("leads").get(27).get("leadid");
        // a plug-in that tidies job titles (and sets another field) right after a lead is written
        try (io.dynsync.emulator.HookRegistration plugin = emulator.data().onWrite("leads", (id, body) -> {
            if (body.get("jobtitle") instanceof String title) {
                emulator.data().update("leads", id, Map.of("jobtitle", title.trim().toUpperCase(Locale.ROOT),
                        "telephone1", "+1 425 555 0100"));
            }
        })) {
            sql("UPDATE persons SET job_title = '  head of it ' WHERE dynamics_id = ?", leadId);
            sync.outbound("leads");
            // the answer carries the etag of the sync's own write; the plug-in's is newer, so the next read brings it
            sync.cycle("leads");
        }
        assertThat(person(leadId)).containsEntry("job_title", "HEAD OF IT").containsEntry("phone", "+1 425 555 0100");
        assertThat(StoreComparison.differences(emulator, sync.dataSource(), mappings())).isEmpty();

        List<List<Map<String, Object>>> before = storeSnapshot();
        emulator.clearRequests();
        sync.outbound("leads");
        sync.cycle("leads");
        assertThat(emulator.requests()).as("nothing goes back: reads only").allSatisfy(r -> assertThat(r.method()).isEqualTo("GET"));
        assertThat(storeSnapshot()).isEqualTo(before);
    }

    @Test
    void a_person_deleted_in_the_store_is_not_deleted_in_dynamics_by_default() throws Exception {
        String leadId = (String) emulator.data().list("leads").get(23).get("leadid");
        sql("DELETE FROM persons WHERE dynamics_id = ?", leadId);
        sync.outbound("leads");
        assertThat(emulator.data().get("leads", leadId)).isPresent();
        assertThat(rows("SELECT * FROM sync_person_deletes")).isEmpty();
    }
}
