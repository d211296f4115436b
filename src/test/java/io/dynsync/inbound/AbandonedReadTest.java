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
import org.junit.jupiter.api.Test;

/** An abandoned full read leaves no ids behind that would hide a delete from the next one. */
class AbandonedReadTest {

    /**
     * A full read of accounts notes the ids of its first page in sync_seen_ids, then its saved page link is
     * refused (the run is forgotten, the seen ids are not). An account is deleted; the next full read does not
     * see it, but the stale sync_seen_ids row says it did: the delete is missed, and the new change-tracking
     * link will never report it.
     */
    @Test
    void the_ids_of_an_abandoned_full_read_do_not_hide_a_delete_from_the_next_one() throws Exception {
        try (DataverseEmulator emulator = DataverseEmulator.start(EmulatorOptions.defaults().count("accounts", 10));
             SyncRuntime sync = SyncRuntime.start(SyncRuntime.properties(emulator.baseUrl()))) {
            sync.awaitFirstCycles();
            EntityMapping accounts = sync.bean("syncMappings", MappingCatalog.class).get("accounts");
            String url = sync.bean("syncInboundQuery", InboundQuery.class).fullRead(accounts);
            SyncStates states = sync.bean("syncStates", SyncStates.class);
            PageWriter writer = sync.bean("syncPageWriter", PageWriter.class);
            String more = url + "&$skiptoken=next";

            // run A: its first page commits, then its next link is refused and the run is dropped
            List<Object> all = mapped(sync, fetch(sync, url).records());
            InboundRun a = new InboundRun(accounts, InboundRun.Kind.FULL, false, states.load("accounts", "inbound"), url, "", List.of());
            writer.write(a, new ODataPage(List.of(), more, null, null, null), all);
            states.recordError("accounts", "inbound", "HTTP 400", true);

            String gone = String.valueOf(emulator.data().list("accounts").get(3).get("accountid"));
            emulator.data().delete("accounts", gone);

            // run B: two pages, without the deleted account
            List<Object> now = mapped(sync, fetch(sync, url).records());
            InboundRun b = new InboundRun(accounts, InboundRun.Kind.FULL, false, states.load("accounts", "inbound"), url, "", List.of());
            writer.write(b, new ODataPage(List.of(), more, null, null, null), now.subList(0, 4));
            writer.write(b, new ODataPage(List.of(), null, url + "&$deltatoken=1", null, null), now.subList(4, now.size()));

            assertThat(query(sync, "SELECT dynamics_deleted FROM companies WHERE dynamics_id = '" + gone + "'"))
                    .as("the account deleted in Dynamics").isEqualTo("TRUE");
        }
    }

    private static ODataPage fetch(SyncRuntime sync, String url) throws Exception {
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Prefer", "odata.maxpagesize=5000").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        return sync.bean("syncODataPages", ODataPages.class).read(new ByteArrayInputStream(response.body()), null);
    }

    private static List<Object> mapped(SyncRuntime sync, List<JsonNode> records) {
        RecordMapper mapper = sync.bean("syncRecordMapper", RecordMapper.class);
        List<Object> mapped = new ArrayList<>();
        records.forEach(r -> mapped.add(mapper.toStore("accounts", r)));
        return mapped;
    }

    private static String query(SyncRuntime sync, String sql) throws Exception {
        try (Connection c = sync.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
