package io.dynsync.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SeedGeneratorTest {
    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00Z");

    private static StoreData seed(long seed, Map<String, Integer> counts) {
        AdjustableClock clock = new AdjustableClock(Clock.fixed(NOW, ZoneOffset.UTC));
        RecordStore store = new RecordStore(Schema.standard(), clock);
        new SeedGenerator(store, seed, counts, clock.now()).run();
        return new StoreData(store);
    }

    private static Map<String, Integer> defaults() {
        return EmulatorOptions.defaults().counts();
    }

    @Test
    void sameSeedGivesIdenticalDataIdsIncluded() {
        StoreData a = seed(42, defaults());
        StoreData b = seed(42, defaults());
        for (String set : a.entitySets()) {
            assertThat(a.list(set)).as(set).isEqualTo(b.list(set));
        }
        assertThat(a.list("leads")).isNotEqualTo(seed(43, defaults()).list("leads"));
    }

    @Test
    void defaultCountsAndRelationsHold() {
        StoreData d = seed(7, defaults());
        // 20 seeded users plus the integration user and the human user every emulator has
        assertThat(d.count("systemusers")).isEqualTo(22);
        assertThat(d.get("systemusers", BuiltInUsers.INTEGRATION_USER_ID).orElseThrow().get("fullname"))
                .isEqualTo("Sync Integration");
        assertThat(d.get("systemusers", BuiltInUsers.HUMAN_USER_ID).orElseThrow().get("fullname"))
                .isEqualTo("Dana Human");
        assertThat(d.list("leads")).allSatisfy(l -> {
            assertThat(l.get("_createdby_value")).isEqualTo(BuiltInUsers.HUMAN_USER_ID);
            assertThat(l.get("_modifiedby_value")).isEqualTo(BuiltInUsers.HUMAN_USER_ID);
        });
        assertThat(d.count("teams")).isEqualTo(5);
        assertThat(d.count("leads")).isEqualTo(1000);
        assertThat(d.count("contacts")).isEqualTo(1000);
        assertThat(d.count("accounts")).isEqualTo(200);
        assertThat(d.count("opportunities")).isEqualTo(300);
        assertThat(d.count("new_projects")).isEqualTo(100);

        Set<String> users = ids(d, "systemusers");
        Set<String> teams = ids(d, "teams");
        Set<String> accounts = ids(d, "accounts");
        Set<String> contacts = ids(d, "contacts");

        for (Map<String, Object> t : d.list("teams")) {
            assertThat(users).contains((String) t.get("_administratorid_value"));
            long members = d.list("teammemberships").stream().filter(m -> t.get("teamid").equals(m.get("teamid")))
                    .map(m -> m.get("systemuserid")).distinct().count();
            assertThat(members).isBetween(2L, 8L);
        }
        assertThat(d.list("teammemberships")).allSatisfy(m -> assertThat(m).doesNotContainKeys("createdon", "modifiedon"));

        List<Map<String, Object>> accountRows = d.list("accounts");
        assertThat(accountRows).allSatisfy(a -> {
            String owner = (String) a.get("_ownerid_value");
            String kind = (String) a.get("_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname");
            assertThat(kind.equals("team") ? teams : users).contains(owner);
        });
        assertThat(accountRows).anyMatch(a -> "team".equals(a.get("_ownerid_value@Microsoft.Dynamics.CRM.lookuplogicalname")));
        assertThat(accountRows).anyMatch(a -> a.get("_parentaccountid_value") != null);
        assertThat(accountRows).anyMatch(a -> a.get("_primarycontactid_value") != null);

        List<Map<String, Object>> contactRows = d.list("contacts");
        long withAccount = contactRows.stream()
                .filter(c -> "account".equals(c.get("_parentcustomerid_value@Microsoft.Dynamics.CRM.lookuplogicalname")))
                .peek(c -> assertThat(accounts).contains((String) c.get("_parentcustomerid_value"))).count();
        assertThat(withAccount).isGreaterThan(contactRows.size() / 2);

        List<Map<String, Object>> opps = d.list("opportunities");
        assertThat(opps).anyMatch(o -> "contact".equals(o.get("_customerid_value@Microsoft.Dynamics.CRM.lookuplogicalname")));
        assertThat(opps).anyMatch(o -> "account".equals(o.get("_customerid_value@Microsoft.Dynamics.CRM.lookuplogicalname")));
        assertThat(opps).allSatisfy(o -> {
            if (o.get("estimatedclosedate") != null) {
                assertThat((String) o.get("estimatedclosedate")).matches("\\d{4}-\\d{2}-\\d{2}");
            }
        });
        assertThat(d.list("new_projects")).anyMatch(p -> accounts.contains(p.get("_new_accountid_value")));
        assertThat(d.list("leads")).anyMatch(l -> contacts.contains(l.get("_parentcontactid_value")));
    }

    @Test
    void valuesAreTrickyOnPurpose() {
        StoreData d = seed(42, defaults());
        List<Map<String, Object>> people = d.list("contacts");
        people.addAll(d.list("leads"));
        Set<Object> lastNames = people.stream().map(p -> p.get("lastname")).collect(Collectors.toSet());
        Set<Object> firstNames = people.stream().map(p -> p.get("firstname")).collect(Collectors.toSet());
        assertThat(lastNames).contains("O'Brien");
        assertThat(firstNames).contains("Zoë", "Łukasz", null);
        assertThat(people).anyMatch(p -> String.valueOf(p.get("emailaddress1")).contains("+"));
        assertThat(people).anyMatch(p -> p.get("emailaddress1") == null);
        assertThat(people.stream().map(p -> p.get("new_synctomkto")).collect(Collectors.toSet()))
                .containsExactlyInAnyOrder(true, false, null);
        assertThat(people).allSatisfy(p -> assertThat(p.get("fullname"))
                .isEqualTo(RecordStore.fullName((String) p.get("firstname"), (String) p.get("lastname"))));

        // several records share one modifiedon second; all stamps lie in the year before now
        Map<Object, Integer> perSecond = new HashMap<>();
        d.list("leads").forEach(l -> perSecond.merge(l.get("modifiedon"), 1, Integer::sum));
        assertThat(perSecond.values()).anyMatch(n -> n > 1);
        assertThat(d.list("leads")).allSatisfy(l -> {
            Instant created = Instant.parse((String) l.get("createdon"));
            Instant modified = Instant.parse((String) l.get("modifiedon"));
            assertThat(created).isBetween(NOW.minusSeconds(366L * 86400), NOW);
            assertThat(modified).isBetween(created, NOW);
            assertThat((String) l.get("modifiedon")).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
        });
        // versions are unique across all tables and follow modification time
        Set<Object> versions = new HashSet<>();
        for (String set : d.entitySets()) {
            d.list(set).forEach(r -> assertThat(versions.add(r.get("versionnumber"))).isTrue());
        }
        List<Map<String, Object>> byVersion = d.list("leads").stream()
                .sorted((x, y) -> Long.compare((Long) x.get("versionnumber"), (Long) y.get("versionnumber"))).toList();
        assertThat(byVersion).extracting(l -> (String) l.get("modifiedon")).isSorted();
    }

    @Test
    void hundredThousandLeadsSeedInSeconds() {
        Map<String, Integer> counts = new HashMap<>(defaults());
        counts.put("leads", 100_000);
        long start = System.nanoTime();
        StoreData d = seed(1, counts);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(d.count("leads")).isEqualTo(100_000);
        assertThat(millis).as("seeding took %d ms", millis).isLessThan(10_000);
    }

    @Test
    void zeroCountsAreAllowed() {
        Map<String, Integer> counts = new HashMap<>();
        defaults().keySet().forEach(k -> counts.put(k, 0));
        counts.put("accounts", 3);
        StoreData d = seed(1, counts);
        assertThat(d.count("accounts")).isEqualTo(3);
        assertThat(d.list("accounts")).allSatisfy(a -> assertThat(a.get("_ownerid_value")).isNull());
        assertThat(d.count("teammemberships")).isZero();
        assertThat(d.count("systemusers")).as("the built-in users exist with no seeded users").isEqualTo(2);
    }

    private static Set<String> ids(StoreData d, String set) {
        String pk = d.primaryKey(set);
        return d.list(set).stream().map(r -> (String) r.get(pk)).filter(Objects::nonNull).collect(Collectors.toSet());
    }
}
