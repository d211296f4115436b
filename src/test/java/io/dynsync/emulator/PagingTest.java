package io.dynsync.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PagingTest {
    private static final Instant T0 = Instant.parse("2024-05-01T08:00:00Z");
    private static final String ORDERED = "leads?$select=lastname,modifiedon&$orderby=modifiedon%20asc,leadid%20asc";

    private DataverseEmulator dv;
    private TestHttp http;

    @BeforeEach
    void start() {
        dv = DataverseEmulator.start(TestHttp.empty(T0));
        http = new TestHttp(dv);
    }

    @AfterEach
    void stop() {
        dv.close();
    }

    /** Two leads per modifiedon second, so a page of 3 ends between two rows of the same second. */
    private List<String> createPairs(int seconds) {
        List<String> ids = new ArrayList<>();
        for (int s = 0; s < seconds; s++) {
            ids.add(dv.data().create("leads", Map.of("lastname", "L" + s + "a")));
            ids.add(dv.data().create("leads", Map.of("lastname", "L" + s + "b")));
            dv.clock().advance(Duration.ofSeconds(1));
        }
        return ids;
    }

    private List<String> expectedOrder() {
        List<Map<String, Object>> all = new ArrayList<>(dv.data().list("leads"));
        all.sort(Comparator.comparing((Map<String, Object> m) -> (String) m.get("modifiedon"))
                .thenComparing(m -> Guids.sortKey((String) m.get("leadid"))));
        return all.stream().map(m -> (String) m.get("leadid")).toList();
    }

    private static List<String> ids(JsonNode page) {
        List<String> out = new ArrayList<>();
        page.get("value").forEach(r -> out.add(r.get("leadid").asText()));
        return out;
    }

    @Test
    void pageBoundaryInsideOneModifiedonSecondLosesAndRepeatsNothing() {
        createPairs(6);
        HttpResponse<String> first = http.get(ORDERED, "Prefer", "odata.maxpagesize=3");
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Preference-Applied")).hasValue("odata.maxpagesize=3");
        JsonNode page = TestHttp.json(first);
        List<String> seen = new ArrayList<>(ids(page));
        // the boundary: rows 3 and 4 share a modifiedon second
        assertThat(page.get("value").get(2).get("modifiedon").asText()).isEqualTo("2024-05-01T08:00:01Z");
        int pages = 1;
        while (page.has("@odata.nextLink")) {
            String next = page.get("@odata.nextLink").asText();
            assertThat(next).startsWith(dv.baseUrl() + "/api/data/v9.2/leads?")
                    .contains("$skiptoken=%3Ccookie%20pagenumber=%22" + (pages + 1) + "%22%20pagingcookie=%22%253ccookie");
            HttpResponse<String> r = http.get(next, "Prefer", "odata.maxpagesize=3");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            page = TestHttp.json(r);
            seen.addAll(ids(page));
            pages++;
        }
        assertThat(seen).containsExactlyElementsOf(expectedOrder());
        assertThat(pages).isEqualTo(4);
        assertThat(dv.requests()).extracting(RecordedRequest::pageNumber).containsExactly(1, 2, 3, 4);
        assertThat(dv.requests()).extracting(RecordedRequest::hasNextLink).containsExactly(true, true, true, false);
    }

    @Test
    void nextPageSeesTheDataAsItIsThen() {
        List<String> created = createPairs(5);
        JsonNode page = TestHttp.json(http.get(ORDERED, "Prefer", "odata.maxpagesize=4"));
        List<String> seen = new ArrayList<>(ids(page));
        String nextLink = page.get("@odata.nextLink").asText();

        // behind the cursor: an older modifiedon is never returned
        Instant now = dv.clock().now();
        dv.clock().freeze(T0);
        String behind = dv.data().create("leads", Map.of("lastname", "Behind"));
        // ahead of the cursor: returned once
        dv.clock().freeze(now.plusSeconds(60));
        String ahead = dv.data().create("leads", Map.of("lastname", "Ahead"));
        // an unrelated row already returned goes away: nothing shifts
        dv.data().delete("leads", seen.get(0));

        // followed later, by a fresh client, with the link exactly as given
        page = TestHttp.json(new TestHttp(dv).get(nextLink, "Prefer", "odata.maxpagesize=4"));
        seen.addAll(ids(page));
        while (page.has("@odata.nextLink")) {
            page = TestHttp.json(http.get(page.get("@odata.nextLink").asText(), "Prefer", "odata.maxpagesize=4"));
            seen.addAll(ids(page));
        }
        assertThat(seen).doesNotHaveDuplicates().doesNotContain(behind).contains(ahead)
                .containsAll(created).hasSize(created.size() + 1);
        assertThat(seen.get(seen.size() - 1)).isEqualTo(ahead);
    }

    @Test
    void primaryKeyPagingWalksEveryRowOnceInSqlServerGuidOrder() {
        for (int i = 0; i < 50; i++) {
            dv.data().create("contacts", Map.of("lastname", "C" + i));
        }
        List<String> seen = new ArrayList<>();
        String url = "contacts?$select=lastname&$count=true";
        JsonNode page;
        do {
            page = TestHttp.json(http.get(url, "Prefer", "odata.maxpagesize=7", "Prefer", "odata.include-annotations=\"*\""));
            assertThat(page.get("@odata.count").asInt()).isEqualTo(50);
            page.get("value").forEach(r -> seen.add(r.get("contactid").asText()));
            url = page.has("@odata.nextLink") ? page.get("@odata.nextLink").asText() : null;
        } while (url != null);
        List<String> expected = dv.data().list("contacts").stream().map(m -> (String) m.get("contactid")).toList();
        assertThat(seen).containsExactlyElementsOf(expected);
        assertThat(expected).isSortedAccordingTo(Comparator.comparing(Guids::sortKey));
    }

    @Test
    void alteredSkiptokenIsRejectedWith400() {
        createPairs(3);
        String nextLink = TestHttp.json(http.get(ORDERED, "Prefer", "odata.maxpagesize=2"))
                .get("@odata.nextLink").asText();
        int at = nextLink.indexOf("$skiptoken=") + "$skiptoken=".length();
        String token = nextLink.substring(at);
        String base = nextLink.substring(0, at);

        // re-encoded, as a client that runs the link through an encoder again would send it
        HttpResponse<String> reencoded = http.get(base + token.replace("%", "%25"), "Prefer", "odata.maxpagesize=2");
        assertThat(reencoded.statusCode()).isEqualTo(400);
        assertThat(TestHttp.json(reencoded).at("/error/code").asText()).isEqualTo("0x80040203");

        // decoded once too often (inner cookie no longer encoded)
        String decodedOnce = token.replace("%25", "%");
        HttpResponse<String> decoded = http.get(base + decodedOnce, "Prefer", "odata.maxpagesize=2");
        assertThat(decoded.statusCode()).isEqualTo(400);
        assertThat(TestHttp.json(decoded).at("/error/message").asText()).startsWith("Invalid paging cookie");

        // a cookie from another $orderby
        HttpResponse<String> otherOrder = http.get("leads?$orderby=lastname&$skiptoken=" + token,
                "Prefer", "odata.maxpagesize=2");
        assertThat(otherOrder.statusCode()).isEqualTo(400);

        // the untouched link still works
        assertThat(http.get(nextLink, "Prefer", "odata.maxpagesize=2").statusCode()).isEqualTo(200);
    }

    @Test
    void topIsIgnoredWithMaxPageSizeAndNeverPagesAlone() {
        createPairs(5);
        JsonNode topOnly = TestHttp.json(http.get("leads?$top=3"));
        assertThat(topOnly.get("value")).hasSize(3);
        assertThat(topOnly.has("@odata.nextLink")).isFalse();
        JsonNode both = TestHttp.json(http.get("leads?$top=3", "Prefer", "odata.maxpagesize=4"));
        assertThat(both.get("value")).hasSize(4);
        assertThat(both.has("@odata.nextLink")).isTrue();
        // several preferences in one header, comma-separated
        HttpResponse<String> combined = http.get("leads?$count=true",
                "Prefer", "odata.include-annotations=\"OData.Community.Display.V1.FormattedValue,"
                        + "Microsoft.Dynamics.CRM.lookuplogicalname\",odata.maxpagesize=6");
        JsonNode body = TestHttp.json(combined);
        assertThat(body.get("value")).hasSize(6);
        assertThat(combined.headers().firstValue("Preference-Applied").orElseThrow())
                .contains("odata.maxpagesize=6").contains("odata.include-annotations=");
        List<String> keys = new ArrayList<>();
        body.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("@odata.context", "@odata.count", "value", "@odata.nextLink");
    }

    @Test
    void largeTablePagesFastWithoutSorting() {
        dv.close();
        dv = DataverseEmulator.start(EmulatorOptions.defaults().count("leads", 100_000)
                .startClockAt(Instant.parse("2024-05-01T00:00:00Z")));
        http = new TestHttp(dv);
        assertThat(dv.data().count("leads")).isEqualTo(100_000);
        Map<String, Boolean> seen = new HashMap<>();
        String url = "leads?$select=lastname,emailaddress1";
        long start = System.nanoTime();
        int pages = 0;
        while (url != null) {
            JsonNode page = TestHttp.json(http.get(url, "Prefer", "odata.maxpagesize=5000"));
            page.get("value").forEach(r -> seen.put(r.get("leadid").asText(), true));
            url = page.has("@odata.nextLink") ? page.get("@odata.nextLink").asText() : null;
            pages++;
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(pages).isEqualTo(20);
        assertThat(seen).hasSize(100_000);
        assertThat(millis).as("20 pages of 5000 took %d ms", millis).isLessThan(20_000);
        // sorted orders work on the big table too
        JsonNode sorted = TestHttp.json(http.get("leads?$select=modifiedon&$orderby=modifiedon%20desc"
                + "&$filter=" + URLEncoder.encode("statecode eq 0", StandardCharsets.UTF_8), "Prefer",
                "odata.maxpagesize=5000"));
        assertThat(sorted.get("value")).hasSize(5000);
    }
}
