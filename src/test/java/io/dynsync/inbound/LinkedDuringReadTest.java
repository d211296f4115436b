package io.dynsync.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.dynsync.dynamics.InboundQuery;
import io.dynsync.dynamics.ODataPage;
import io.dynsync.dynamics.ODataPages;
import io.dynsync.emulator.DataverseEmulator;
import io.dynsync.emulator.EmulatorOptions;
import io.dynsync.mapping.EntityMapping;
import io.dynsync.mapping.MappingCatalog;
import io.dynsync.mapping.RecordMapper;
import io.dynsync.store.SyncStates;
import io.dynsync.testing.SyncRuntime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Regression tests of the review of issue 4: a full read must not take a lead linked meanwhile for a delete. */
class LinkedDuringReadTest {

    private static final String EMAIL = "linked-during-read@example.com";

    /**
     * A full read of leads (expired change-tracking link, or a re-read after a mapping change) fetches its
     * page; before the page commits, the outbound sync creates and links a lead for a store person. The
     * reconcile takes that person for a lead deleted in Dynamics: it is flagged, and the next outbound
     * cycle creates a second lead for it (a duplicate in Dynamics).
     */
    @ParameterizedTest
    @ValueSource(strings = {"flag", "erase"})
    void a_lead_linked_by_the_outbound_sync_during_a_full_read_is_not_taken_for_a_delete(String policy) throws Exception {
        try (DataverseEmulator emulator = DataverseEmulator.start(EmulatorOptions.defaults().count("leads", 10).count("contacts", 5))) {
            java.util.Map<String, String> properties = SyncRuntime.properties(emulator.baseUrl());
            properties.put("sync.persons.on-dynamics-delete", policy);
            try (SyncRuntime sync = SyncRuntime.start(properties)) {
            sync.awaitFirstCycles();
            sync.awaitFirstOutboundCycles();
            EntityMapping leads = sync.bean("syncMappings", MappingCatalog.class).get("leads");
            InboundQuery query = sync.bean("syncInboundQuery", InboundQuery.class);

            // the inbound full read starts (the route makes its run before the first GET) and GETs its only page ...
            String url = query.fullRead(leads);
            InboundRun run = new InboundRun(leads, InboundRun.Kind.FULL, false,
                    sync.bean("syncStates", SyncStates.class).load("leads", "inbound"), url, "odata.track-changes", List.of());

            HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                    .header("Prefer", "odata.track-changes,odata.maxpagesize=5000").GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            ODataPage page = sync.bean("syncODataPages", ODataPages.class).read(new ByteArrayInputStream(response.body()), null);

            // ... meanwhile the outbound sync creates a lead for a store person and links it
            sql(sync, "INSERT INTO persons (email, last_name, sync_to_dynamics) VALUES ('" + EMAIL + "', 'Linked', TRUE)");
            sync.outbound("leads");
            assertThat(query(sync, "SELECT dynamics_id FROM persons WHERE email = '" + EMAIL + "'")).isNotNull();

            // ... then the page commits (what the route does next)
            RecordMapper mapper = sync.bean("syncRecordMapper", RecordMapper.class);
            List<Object> mapped = new ArrayList<>();
            for (JsonNode record : page.records()) {
                mapped.add(mapper.toStore("leads", record));
            }
            sync.bean("syncPageWriter", PageWriter.class).write(run, page, mapped);

            assertThat(query(sync, "SELECT COUNT(*) FROM persons WHERE email = '" + EMAIL + "'"))
                    .as("the store person (erase policy deletes it)").isEqualTo("1");
            assertThat(query(sync, "SELECT dynamics_deleted FROM persons WHERE email = '" + EMAIL + "'"))
                    .as("the just-linked lead exists in Dynamics; it must not be flagged deleted").isEqualTo("FALSE");
            sync.outbound("leads");
            long copies = emulator.data().list("leads").stream().filter(l -> EMAIL.equals(l.get("emailaddress1"))).count();
            assertThat(copies).as("leads in Dynamics for the person").isEqualTo(1);
        }
        }
    }

    private static void sql(SyncRuntime sync, String sql) throws Exception {
        try (Connection c = sync.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.executeUpdate();
        }
    }

    private static String query(SyncRuntime sync, String sql) throws Exception {
        try (Connection c = sync.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
