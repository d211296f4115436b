package io.dynsync.twoway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.dynsync.emulator.RecordedRequest;
import org.junit.jupiter.api.Test;

/** Outbound limits and failure cases, with a batch size of 3 so that every limit is reached quickly. */
class OutboundEdgeCasesTest extends TwoWayTestBase {

    @Override
    Map<String, String> store() {
        return Map.of("sync.store.url", "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }

    @Override
    Map<String, String> settings() {
        return Map.of("sync.outbound.batch-size", "3", "sync.persons.on-store-delete", "delete");
    }

    @Test
    void no_batch_holds_more_operations_than_the_batch_size_whatever_the_mix() throws Exception {
        List<Map<String, Object>> leads = emulator.data().list("leads");
        for (int i = 0; i < 3; i++) {
            sql("INSERT INTO persons (email, last_name, sync_to_dynamics) VALUES (?, 'Limit', TRUE)", "limit" + i + "@example.com");
            sql("DELETE FROM persons WHERE dynamics_id = ?", leads.get(i).get("leadid"));
            sql("UPDATE persons SET job_title = 'Limited' WHERE dynamics_id = ?", leads.get(10 + i).get("leadid"));
        }
        emulator.clearRequests();
        sync.outbound("leads");

        List<Integer> sizes = new ArrayList<>();
        for (RecordedRequest r : emulator.requests()) {
            if (r.isBatch()) {
                sizes.add(0);
            } else if (r.inBatch() && !"GET".equals(r.method())) {
                sizes.set(sizes.size() - 1, sizes.get(sizes.size() - 1) + 1);
            }
        }
        assertThat(sizes).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(3));
        assertThat(emulator.data().list("leads").stream().filter(l -> "Limit".equals(l.get("lastname")))).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(emulator.data().get("leads", (String) leads.get(i).get("leadid"))).isEmpty();
            assertThat(emulator.data().get("leads", (String) leads.get(10 + i).get("leadid")).orElseThrow())
                    .containsEntry("jobtitle", "Limited");
        }
    }

    @Test
    void two_requests_with_one_email_make_one_lead() throws Exception {
        sql("INSERT INTO persons (email, last_name, sync_to_dynamics) VALUES ('twice@example.com', 'First', TRUE)");
        sql("INSERT INTO persons (email, last_name, sync_to_dynamics) VALUES ('TWICE@example.com', 'Second', TRUE)");
        sync.outbound("leads");
        sync.outbound("leads");
        assertThat(emulator.data().list("leads").stream().filter(l -> "twice@example.com".equalsIgnoreCase(
                String.valueOf(l.get("emailaddress1"))))).hasSize(1);
        assertThat(rows("SELECT error_code FROM sync_errors WHERE resolved = FALSE")).containsExactly(Map.of("error_code", "DUPLICATE"));
    }

    @Test
    void a_failed_lookup_creates_nothing_until_the_lookup_succeeds() throws Exception {
        String contactId = emulator.data().create("contacts", Map.of("lastname", "Searchable", "emailaddress1", "searchable@example.com"));
        emulator.faults().fail(r -> r.inBatch() && "GET".equals(r.method()) && "contacts".equals(r.entitySet()), 503, 1, 0);
        sql("INSERT INTO persons (email, last_name, sync_to_dynamics) VALUES ('searchable@example.com', 'Searchable', TRUE)");
        int leads = emulator.data().count("leads");
        sync.outbound("leads");
        assertThat(emulator.data().count("leads")).as("no lead while the contacts could not be searched").isEqualTo(leads);
        sync.outbound("leads");
        assertThat(emulator.data().count("leads")).isEqualTo(leads);
        assertThat(person(contactId)).containsEntry("dynamics_type", "contact");
    }

    @Test
    void a_store_write_that_sets_change_seq_itself_is_still_a_change() throws Exception {
        String leadId = (String) emulator.data().list("leads").get(20).get("leadid");
        // an ORM writing every column back, change_seq included, as it read it
        sql("UPDATE persons SET job_title = 'Written by an ORM', change_seq = change_seq WHERE dynamics_id = ?", leadId);
        sync.outbound("leads");
        assertThat(emulator.data().get("leads", leadId).orElseThrow()).containsEntry("jobtitle", "Written by an ORM");
    }

    @Test
    void a_person_without_a_baseline_takes_dynamics_edits_instead_of_reverting_them() throws Exception {
        String leadId = (String) emulator.data().list("leads").get(22).get("leadid");
        // as rows written before the two-way sync kept baselines
        try (var c = sync.dataSource().getConnection(); var ps = c.prepareStatement(
                "UPDATE persons SET sync_baseline = NULL, synced_seq = change_seq WHERE dynamics_id = ?")) {
            ps.setString(1, leadId);
            ps.executeUpdate();
        }
        emulator.data().update("leads", leadId, Map.of("jobtitle", "Edited in Dynamics"));
        sync.cycle("leads");
        sync.outbound("leads");
        assertThat(person(leadId)).containsEntry("job_title", "Edited in Dynamics");
        assertThat(emulator.data().get("leads", leadId).orElseThrow()).containsEntry("jobtitle", "Edited in Dynamics");
    }
}
