package io.dynsync.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Change tracking: the initial load with a deltaLink, deltas with changes and tombstones, paging, expiry. */
class ChangeTrackingTest {
    private static final Instant T0 = Instant.parse("2024-05-01T08:00:00Z");
    private static final String TRACK = "odata.track-changes";

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

    private String lead(String lastname) {
        return dv.data().create("leads", Map.of("lastname", lastname));
    }

    /** Follows nextLinks (without repeating the Prefer header); all pages, in order. */
    private List<JsonNode> pages(String firstUrl, String... headers) {
        List<JsonNode> out = new ArrayList<>();
        HttpResponse<String> r = http.get(firstUrl, headers);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        out.add(TestHttp.json(r));
        while (out.get(out.size() - 1).has("@odata.nextLink")) {
            String next = out.get(out.size() - 1).get("@odata.nextLink").asText();
            r = http.get(next, "Prefer", "odata.maxpagesize=" + pageSize(headers));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            out.add(TestHttp.json(r));
        }
        return out;
    }

    private static String pageSize(String... headers) {
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i + 1].contains("odata.maxpagesize=")) {
                return headers[i + 1].replaceAll(".*odata.maxpagesize=(\\d+).*", "$1");
            }
        }
        return "5000";
    }

    private static String deltaLinkOf(List<JsonNode> pages) {
        for (int i = 0; i < pages.size() - 1; i++) {
            assertThat(pages.get(i).has("@odata.deltaLink")).as("deltaLink on page " + (i + 1)).isFalse();
        }
        JsonNode last = pages.get(pages.size() - 1);
        assertThat(last.has("@odata.deltaLink")).as("deltaLink on the last page").isTrue();
        return last.get("@odata.deltaLink").asText();
    }

    private static List<JsonNode> entries(List<JsonNode> pages) {
        List<JsonNode> out = new ArrayList<>();
        pages.forEach(p -> p.get("value").forEach(out::add));
        return out;
    }

    private String initialDeltaLink(String set, String select) {
        return deltaLinkOf(pages(set + "?$select=" + select, "Prefer", TRACK));
    }

    private static String error(HttpResponse<String> r) {
        return TestHttp.json(r).at("/error/code").asText();
    }

    @Test
    void initialLoadPagesLikeAQueryWithTheDeltaLinkOnTheLastPageOnly() {
        for (int i = 0; i < 7; i++) {
            lead("L" + i);
        }
        HttpResponse<String> first = http.get("leads?$select=lastname", "Prefer", TRACK + ",odata.maxpagesize=3");
        assertThat(first.headers().firstValue("Preference-Applied")).hasValue(TRACK + ",odata.maxpagesize=3");
        List<JsonNode> pages = pages("leads?$select=lastname", "Prefer", TRACK + ",odata.maxpagesize=3");
        assertThat(pages).extracting(p -> p.get("value").size()).containsExactly(3, 3, 1);
        assertThat(entries(pages)).extracting(e -> e.get("lastname").asText()).hasSize(7).doesNotHaveDuplicates();
        String deltaLink = deltaLinkOf(pages);
        assertThat(deltaLink).matches(java.util.regex.Pattern.quote(http.api + "leads?$select=lastname&$deltatoken=")
                + "\\d+%21\\d{2}%2f\\d{2}%2f\\d{4}%20\\d{2}%3a\\d{2}%3a\\d{2}");
        String token = URLDecoder.decode(deltaLink.substring(deltaLink.indexOf("$deltatoken=") + 12),
                StandardCharsets.UTF_8);
        assertThat(token).endsWith("!05/01/2024 08:00:00");

        JsonNode idle = TestHttp.json(http.get(deltaLink));
        assertThat(idle.get("@odata.context").asText()).isEqualTo(http.api + "$metadata#leads(lastname)/$delta");
        assertThat(idle.get("value")).isEmpty();
        assertThat(idle.get("@odata.deltaLink").asText()).startsWith(http.api + "leads?$select=lastname&$deltatoken=");
    }

    @Test
    void deltaReportsCreatesAndUpdatesOnceWithCurrentValuesThenTombstones() {
        String a = lead("A");
        String b = lead("B");
        lead("C");
        String deltaLink = initialDeltaLink("leads", "lastname,jobtitle");

        dv.data().update("leads", a, Map.of("jobtitle", "first"));
        String d = lead("D");
        dv.data().delete("leads", b);
        String e = lead("E");
        dv.data().delete("leads", e);
        dv.data().update("leads", a, Map.of("jobtitle", "second"));

        JsonNode delta = TestHttp.json(http.get(deltaLink));
        assertThat(delta.get("@odata.context").asText())
                .isEqualTo(http.api + "$metadata#leads(lastname,jobtitle)/$delta");
        JsonNode value = delta.get("value");
        assertThat(value).hasSize(4);
        // changed rows by version (A's last change is the newest), each once, with current values
        assertThat(value.get(0).get("leadid").asText()).isEqualTo(d);
        assertThat(value.get(1).get("leadid").asText()).isEqualTo(a);
        assertThat(value.get(1).get("jobtitle").asText()).isEqualTo("second");
        assertThat(value.get(1).has("@odata.etag")).isTrue();
        assertThat(value.get(1).has("emailaddress1")).as("only the selected columns").isFalse();
        // then deletes, the created-then-deleted row included
        for (int i = 2; i < 4; i++) {
            assertThat(value.get(i).get("@odata.context").asText())
                    .isEqualTo(http.api + "$metadata#leads/$deletedEntity");
            assertThat(value.get(i).get("reason").asText()).isEqualTo("deleted");
            assertThat(value.get(i).size()).isEqualTo(3);
        }
        assertThat(List.of(value.get(2).get("id").asText(), value.get(3).get("id").asText())).containsExactly(b, e);

        // the fresh deltaLink starts after all of that
        JsonNode next = TestHttp.json(http.get(delta.get("@odata.deltaLink").asText()));
        assertThat(next.get("value")).isEmpty();
        // and the old one can be read again (tokens are positions, not consumed)
        assertThat(TestHttp.json(http.get(deltaLink)).get("value")).hasSize(4);
    }

    @Test
    void writesDuringTheInitialLoadAreInTheFirstDelta() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(lead("L" + i));
        }
        HttpResponse<String> first = http.get("leads?$select=lastname", "Prefer", TRACK + ",odata.maxpagesize=2");
        JsonNode page1 = TestHttp.json(first);
        String read = page1.at("/value/0/leadid").asText();
        String notYetRead = ids.stream().filter(id -> entries(List.of(page1)).stream()
                .noneMatch(e -> e.get("leadid").asText().equals(id))).findFirst().orElseThrow();
        dv.data().update("leads", read, Map.of("lastname", "changed after being read"));
        dv.data().update("leads", notYetRead, Map.of("lastname", "changed before being read"));
        String created = lead("created during the load");

        List<JsonNode> rest = pages(page1.get("@odata.nextLink").asText(), "Prefer", "odata.maxpagesize=2");
        String deltaLink = deltaLinkOf(rest);
        Set<String> changed = new LinkedHashSet<>();
        TestHttp.json(http.get(deltaLink)).get("value").forEach(v -> changed.add(v.get("leadid").asText()));
        assertThat(changed).containsExactlyInAnyOrder(read, notYetRead, created);
    }

    @Test
    void aLargeDeltaPagesWithTheDeltaLinkOnTheLastPageAndLosesNoConcurrentWrite() {
        List<String> old = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            old.add(lead("old" + i));
        }
        String deltaLink = initialDeltaLink("leads", "lastname");
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            created.add(lead("new" + i));
        }
        old.forEach(id -> dv.data().delete("leads", id));
        dv.clearRequests();

        HttpResponse<String> p1 = http.get(deltaLink, "Prefer", "odata.maxpagesize=10");
        JsonNode page1 = TestHttp.json(p1);
        assertThat(page1.get("value")).hasSize(10);
        assertThat(page1.has("@odata.deltaLink")).isFalse();
        // writes while the client pages: one to a row already delivered, one to a row not yet delivered
        String delivered = page1.at("/value/0/leadid").asText();
        String pending = created.get(15);
        dv.data().update("leads", delivered, Map.of("lastname", "again"));
        dv.data().update("leads", pending, Map.of("lastname", "moved"));

        List<JsonNode> pages = new ArrayList<>(List.of(page1));
        pages.addAll(pages(page1.get("@odata.nextLink").asText(), "Prefer", "odata.maxpagesize=10"));
        assertThat(pages).extracting(p -> p.get("value").size()).containsExactly(10, 10, 4);
        String next = deltaLinkOf(pages);
        List<JsonNode> all = entries(pages);
        List<String> rowIds = all.stream().filter(v -> v.has("leadid")).map(v -> v.get("leadid").asText()).toList();
        List<String> tombstones = all.stream().filter(v -> v.has("reason")).map(v -> v.get("id").asText()).toList();
        assertThat(rowIds).doesNotHaveDuplicates().hasSize(19).doesNotContain(pending);
        assertThat(tombstones).containsExactlyElementsOf(old);
        assertThat(all.subList(0, 19)).allMatch(v -> v.has("leadid"));
        // the request log shows the delta reads and their pages
        List<RecordedRequest> reads = dv.requests().stream()
                .filter(r -> r.rawQuery() != null && r.rawQuery().contains("$deltatoken")).toList();
        assertThat(reads).extracting(RecordedRequest::pageNumber).containsExactly(1, 2, 3);
        assertThat(reads).extracting(RecordedRequest::hasNextLink).containsExactly(true, true, false);

        // the next delta has both concurrent writes: nothing was lost
        Set<String> second = new LinkedHashSet<>();
        TestHttp.json(http.get(next)).get("value").forEach(v -> second.add(v.get("leadid").asText()));
        assertThat(second).containsExactlyInAnyOrder(delivered, pending);
    }

    /** A client mirroring leads through deltas while another thread writes ends with exactly the server's rows. */
    @Test
    void aMirrorKeptByDeltasUnderConcurrentWritesConverges() throws Exception {
        List<String> live = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < 30; i++) {
            live.add(lead("seed" + i));
        }
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        Thread writer = new Thread(() -> {
            java.util.Random rnd = new java.util.Random(7);
            for (int i = 0; i < 300; i++) {
                int op = rnd.nextInt(3);
                if (op == 0 || live.size() < 5) {
                    live.add(lead("w" + i));
                } else if (op == 1) {
                    dv.data().update("leads", live.get(rnd.nextInt(live.size())), Map.of("lastname", "u" + i));
                } else {
                    dv.data().delete("leads", live.remove(rnd.nextInt(live.size())));
                }
            }
            done.set(true);
        });
        Map<String, String> mirror = new java.util.HashMap<>();
        writer.start();
        List<JsonNode> load = pages("leads?$select=lastname", "Prefer", TRACK + ",odata.maxpagesize=7");
        entries(load).forEach(v -> mirror.put(v.get("leadid").asText(), v.get("lastname").asText()));
        String deltaLink = deltaLinkOf(load);
        boolean last = false;
        for (int round = 0; round < 1000 && !last; round++) {
            last = done.get();
            List<JsonNode> delta = pages(deltaLink, "Prefer", "odata.maxpagesize=7");
            for (JsonNode v : entries(delta)) {
                if (v.has("reason")) {
                    mirror.remove(v.get("id").asText());
                } else {
                    mirror.put(v.get("leadid").asText(), v.get("lastname").asText());
                }
            }
            deltaLink = deltaLinkOf(delta);
        }
        writer.join(10_000);
        Map<String, String> actual = new java.util.HashMap<>();
        dv.data().list("leads").forEach(m -> actual.put((String) m.get("leadid"), (String) m.get("lastname")));
        assertThat(mirror).isEqualTo(actual);
    }

    @Test
    void mergesAndActionsShowAsUpdates() {
        String keep = dv.data().create("contacts", Map.of("lastname", "Keep"));
        String lose = dv.data().create("contacts", Map.of("lastname", "Lose"));
        String deltaLink = initialDeltaLink("contacts", "lastname,merged,statecode");
        dv.data().merge("contacts", keep, lose);
        Map<String, JsonNode> byId = new LinkedHashMap<>();
        TestHttp.json(http.get(deltaLink)).get("value").forEach(v -> byId.put(v.get("contactid").asText(), v));
        assertThat(byId).containsKey(lose);
        assertThat(byId.get(lose).get("merged").asBoolean()).isTrue();
        assertThat(byId.get(lose).get("statecode").asInt()).isEqualTo(1);
    }

    @Test
    void expiredTokensAskForAFullSync() {
        lead("A");
        String deltaLink = initialDeltaLink("leads", "lastname");
        dv.clock().advance(Duration.ofDays(7).minusSeconds(1));
        assertThat(http.get(deltaLink).statusCode()).isEqualTo(200);
        dv.clock().advance(Duration.ofSeconds(2));
        HttpResponse<String> expired = http.get(deltaLink);
        assertThat(expired.statusCode()).isEqualTo(400);
        assertThat(error(expired)).isEqualTo("0x80044352");
        assertThat(TestHttp.json(expired).at("/error/message").asText())
                .isEqualTo("Version stamp associated with the client has expired. Please perform a full sync.");

        // the test hook: every token so far expires, later ones work
        String fresh = initialDeltaLink("leads", "lastname");
        assertThat(http.get(fresh).statusCode()).isEqualTo(200);
        dv.expireDeltaTokens();
        assertThat(error(http.get(fresh))).isEqualTo("0x80044352");
        String after = initialDeltaLink("leads", "lastname");
        assertThat(http.get(after).statusCode()).isEqualTo(200);
        assertThat(http.send("POST", dv.baseUrl() + "/_emulator/delta-tokens/expire", "{}").statusCode())
                .isEqualTo(204);
        assertThat(error(http.get(after))).isEqualTo("0x80044352");
    }

    @Test
    void retentionIsConfigurable() {
        dv.close();
        dv = DataverseEmulator.start(TestHttp.empty(T0).changeTrackingRetention(Duration.ofHours(1)));
        http = new TestHttp(dv);
        String deltaLink = initialDeltaLink("accounts", "name");
        dv.clock().advance(Duration.ofMinutes(61));
        assertThat(error(http.get(deltaLink))).isEqualTo("0x80044352");
    }

    @Test
    void trackChangesRefusesQueryOptionsAndUntrackedSets() {
        HttpResponse<String> filtered = http.get("leads?$select=lastname&$filter=lastname%20eq%20'x'",
                "Prefer", TRACK);
        assertThat(filtered.statusCode()).isEqualTo(400);
        assertThat(TestHttp.json(filtered).at("/error/message").asText())
                .isEqualTo("The \"$filter\" query parameter isn't supported when Change Tracking is enabled.");
        for (String option : List.of("$orderby=lastname", "$top=5", "$expand=parentaccountid($select=name)")) {
            HttpResponse<String> r = http.get("leads?" + option, "Prefer", TRACK);
            assertThat(r.statusCode()).as(option).isEqualTo(400);
            assertThat(r.body()).contains("isn't supported when Change Tracking is enabled");
        }
        String deltaLink = initialDeltaLink("leads", "lastname");
        assertThat(http.get(deltaLink + "&$filter=lastname%20eq%20'x'").body())
                .contains("isn't supported when Change Tracking is enabled");

        // teammemberships has no change tracking, like Dataverse's N:N intersects by default
        HttpResponse<String> untracked = http.get("teammemberships", "Prefer", TRACK);
        assertThat(untracked.statusCode()).isEqualTo(400);
        assertThat(error(untracked)).isEqualTo("0x80040203");
        // without the preference the set reads as usual
        assertThat(http.get("teammemberships").statusCode()).isEqualTo(200);
        // a token that is not one
        assertThat(error(http.get("leads?$deltatoken=12345"))).isEqualTo("0x80040203");
    }

    @Test
    void changeTrackingIsSetPerEntitySet() {
        dv.close();
        dv = DataverseEmulator.start(TestHttp.empty(T0).changeTracking("leads", false)
                .changeTracking("teammemberships", true));
        http = new TestHttp(dv);
        assertThat(http.get("leads", "Prefer", TRACK).statusCode()).isEqualTo(400);
        assertThat(http.get("teammemberships", "Prefer", TRACK).statusCode()).isEqualTo(200);
        JsonNode tracked = TestHttp.json(http.get("EntityDefinitions?$select=LogicalName"
                + "&$filter=ChangeTrackingEnabled%20eq%20true"));
        List<String> names = new ArrayList<>();
        tracked.get("value").forEach(v -> names.add(v.get("LogicalName").asText()));
        assertThat(names).contains("teammembership", "contact").doesNotContain("lead");
        assertThat(dv.options().changeTracking("leads")).isFalse();
    }
}
