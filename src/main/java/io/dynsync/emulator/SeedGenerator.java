package io.dynsync.emulator;

import java.math.BigDecimal;
import java.text.Normalizer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * Fills the store with related, realistic and deliberately awkward data from one {@link Random} seed: the same
 * seed and start time give identical records, ids included. Awkward on purpose: nulls in optional columns,
 * apostrophes (O'Brien), non-ASCII names (Zoë, Łukasz), '+' in emails, shared emails between leads and
 * contacts, new_synctomkto true/false/null, and bursts of records sharing one modifiedon second.
 */
final class SeedGenerator {
    private static final String[] FIRST = {"James", "Mary", "Zoë", "Łukasz", "José", "Siobhán", "François", "Björn",
        "Ana", "Chloé", "Mohammed", "Aiko", "Olga", "Pieter", "Renée", "Søren", "Wei", "Priya", "Liam", "Emma",
        "Noah", "Olivia", "Mateo", "Fatima", "Hannah", "Jürgen", "Niamh", "Ömer", "Sofía", "Tomasz"};
    private static final String[] LAST = {"Smith", "O'Brien", "Müller", "Nguyen", "García", "Kowalski", "D'Angelo",
        "Øster", "Johnson", "Brown", "Williams", "Dubois", "Rossi", "Tanaka", "Novák", "Jansen", "Eriksson",
        "Ivanova", "Papadopoulos", "MacDonald", "van der Berg", "Núñez", "Schmidt", "Li", "Patel", "O'Neill",
        "Lefèvre", "Wiśniewski"};
    private static final String[] COMPANY = {"Contoso", "Fabrikam", "Northwind Traders", "Adventure Works", "Litware",
        "Tailspin Toys", "Wide World Importers", "Alpine Ski House", "Coho Winery", "Fourth Coffee", "Café Noir",
        "Smith & Sons", "O'Reilly Logistics", "Zürich Präzision", "Łódź Metal", "Blue Yonder Airlines",
        "Trey Research", "Proseware", "Lucerne Publishing", "Margie's Travel"};
    private static final String[] SUFFIX = {"", " Ltd", " GmbH", " Inc.", " S.A.", " Group", " AG", " LLC"};
    private static final String[][] CITY = {{"Seattle", "United States"}, {"London", "United Kingdom"},
        {"Kraków", "Poland"}, {"München", "Germany"}, {"Paris", "France"}, {"São Paulo", "Brazil"},
        {"Tokyo", "Japan"}, {"Zürich", "Switzerland"}, {"Dublin", "Ireland"}, {"Toronto", "Canada"}};
    private static final String[] TITLE = {"Sales Manager", "CTO", "Marketing Director", "Purchasing Agent",
        "VP Sales", "Engineer", "Office Manager", "CEO", "Buyer"};
    private static final String[] PRODUCT = {"CRM rollout", "Hardware refresh", "Support contract", "Consulting",
        "Licences", "Training", "Cloud migration"};
    private static final String[] STEP = {"1-Qualify", "2-Develop", "3-Propose", "4-Close"};
    private static final String[] TEAM = {"Sales EMEA", "Sales Americas", "Marketing", "Support", "Partners",
        "Key Accounts", "Inside Sales", "APAC"};
    private static final long YEAR_SECONDS = 365L * 24 * 3600;

    private final RecordStore store;
    private final Schema schema;
    private final Random rnd;
    private final Map<String, Integer> counts;
    private final Instant now;
    /** Rows generated so far, per table, before versions are assigned. */
    private final Map<EntityDef, List<Object[]>> pending = new LinkedHashMap<>();
    private final Map<String, List<String>> ids = new LinkedHashMap<>();
    private final Map<EntityDef, Instant> lastModified = new LinkedHashMap<>();
    private final List<String> contactEmails = new ArrayList<>();
    /** ascii() of the pooled names; the regex-based folding is too slow to repeat for 100,000 rows. */
    private final Map<String, String> asciiCache = new HashMap<>();

    SeedGenerator(RecordStore store, long seed, Map<String, Integer> counts, Instant now) {
        this.store = store;
        this.schema = store.schema();
        this.rnd = new Random(seed);
        this.counts = counts;
        this.now = now;
    }

    void run() {
        // ids first, so any record can point at any other regardless of generation order
        for (String set : List.of("systemusers", "teams", "accounts", "contacts", "leads", "opportunities",
                "new_projects")) {
            List<String> list = new ArrayList<>();
            for (int i = 0; i < counts.getOrDefault(set, 0); i++) {
                list.add(newId());
            }
            ids.put(set, list);
        }
        users();
        teams();
        accounts();
        contacts();
        leads();
        opportunities();
        projects();
        load();
    }

    private void users() {
        EntityDef d = schema.bySet("systemusers");
        Object[] integration = builtInUser(d, BuiltInUsers.INTEGRATION_USER_ID, BuiltInUsers.INTEGRATION_FIRST,
                BuiltInUsers.INTEGRATION_LAST, BuiltInUsers.INTEGRATION_EMAIL, null);
        // the application user of the default app registration
        set(d, integration, "applicationid", EmulatorCredentials.DEFAULT_CLIENT_ID);
        builtInUser(d, BuiltInUsers.HUMAN_USER_ID, BuiltInUsers.HUMAN_FIRST, BuiltInUsers.HUMAN_LAST,
                BuiltInUsers.HUMAN_EMAIL, "Sales Operations Manager");
        for (String id : ids.get("systemusers")) {
            Object[] v = row(d, id);
            String first = pick(FIRST);
            String last = pick(LAST);
            set(d, v, "firstname", first);
            set(d, v, "lastname", last);
            set(d, v, "fullname", RecordStore.fullName(first, last));
            set(d, v, "internalemailaddress", folded(first) + "." + folded(last).replace(" ", "") + "@contoso.example");
            set(d, v, "title", maybe(0.8, pick(TITLE)));
            set(d, v, "isdisabled", rnd.nextDouble() < 0.1);
        }
    }

    /**
     * A user every emulator has, older than all seeded data. Built without the random generator, so adding
     * these two left every seeded record of a given seed exactly as it was.
     */
    private Object[] builtInUser(EntityDef d, String id, String first, String last, String email, String title) {
        Object[] v = new Object[d.width()];
        for (AttributeDef a : d.attributes) {
            v[a.index()] = a.defaultValue();
        }
        v[0] = id;
        Instant at = now.minusSeconds(2 * YEAR_SECONDS);
        set(d, v, Schema.CREATEDON, at);
        set(d, v, Schema.MODIFIEDON, at);
        set(d, v, Schema.CREATEDBY, BuiltInUsers.ref(BuiltInUsers.HUMAN_USER_ID));
        set(d, v, Schema.MODIFIEDBY, BuiltInUsers.ref(BuiltInUsers.HUMAN_USER_ID));
        set(d, v, "firstname", first);
        set(d, v, "lastname", last);
        set(d, v, "fullname", RecordStore.fullName(first, last));
        set(d, v, "internalemailaddress", email);
        set(d, v, "title", title);
        pending.computeIfAbsent(d, k -> new ArrayList<>()).add(v);
        return v;
    }

    private void teams() {
        EntityDef d = schema.bySet("teams");
        EntityDef m = schema.bySet("teammemberships");
        List<String> users = ids.get("systemusers");
        int n = 0;
        for (String id : ids.get("teams")) {
            Object[] v = row(d, id);
            set(d, v, "name", n < TEAM.length ? TEAM[n] : TEAM[n % TEAM.length] + " " + (n / TEAM.length + 1));
            n++;
            set(d, v, "teamtype", rnd.nextDouble() < 0.8 ? 0 : 1);
            set(d, v, "administratorid", user());
            if (users.isEmpty()) {
                continue;
            }
            int size = Math.min(users.size(), 2 + rnd.nextInt(7));
            Set<String> chosen = new HashSet<>();
            while (chosen.size() < size) {
                String u = users.get(rnd.nextInt(users.size()));
                if (chosen.add(u)) {
                    Object[] mv = new Object[m.width()];
                    mv[0] = newId();
                    set(m, mv, "teamid", id);
                    set(m, mv, "systemuserid", u);
                    pending.computeIfAbsent(m, k -> new ArrayList<>()).add(mv);
                }
            }
        }
    }

    private void accounts() {
        EntityDef d = schema.bySet("accounts");
        List<String> accounts = ids.get("accounts");
        for (int i = 0; i < accounts.size(); i++) {
            Object[] v = row(d, accounts.get(i));
            String name = pick(COMPANY) + pick(SUFFIX);
            set(d, v, "name", name);
            set(d, v, "websiteurl", maybe(0.7, "https://www." + ascii(name).replaceAll("[^a-z0-9]+", "")
                    + ".example.com"));
            set(d, v, "industrycode", maybe(0.8, 1 + rnd.nextInt(33)));
            set(d, v, "numberofemployees", maybe(0.7, 1 + rnd.nextInt(50_000)));
            set(d, v, "revenue", maybe(0.6, BigDecimal.valueOf(rnd.nextInt(1_000_000_000), 2)));
            if (rnd.nextDouble() < 0.85) {
                String[] c = pick(CITY);
                set(d, v, "address1_city", c[0]);
                set(d, v, "address1_country", c[1]);
            }
            set(d, v, "telephone1", maybe(0.8, phone()));
            set(d, v, "ownerid", owner());
            if (i > 0 && rnd.nextDouble() < 0.15) {
                set(d, v, "parentaccountid", new Ref("account", accounts.get(rnd.nextInt(i))));
            }
            if (!ids.get("contacts").isEmpty() && rnd.nextDouble() < 0.5) {
                set(d, v, "primarycontactid", new Ref("contact", pickId("contacts")));
            }
            boolean active = rnd.nextDouble() < 0.9;
            set(d, v, "statecode", active ? 0 : 1);
            set(d, v, "statuscode", active ? 1 : 2);
            set(d, v, "new_synctomkto", syncFlag());
        }
    }

    private void contacts() {
        EntityDef d = schema.bySet("contacts");
        List<String> contacts = ids.get("contacts");
        for (int i = 0; i < contacts.size(); i++) {
            Object[] v = row(d, contacts.get(i));
            String first = maybe(0.95, pick(FIRST));
            String last = pick(LAST);
            set(d, v, "firstname", first);
            set(d, v, "lastname", last);
            set(d, v, "fullname", RecordStore.fullName(first, last));
            String email = maybe(0.93, email(first, last));
            if (email != null) {
                contactEmails.add(email);
            }
            set(d, v, "emailaddress1", email);
            set(d, v, "jobtitle", maybe(0.7, pick(TITLE)));
            set(d, v, "telephone1", maybe(0.6, phone()));
            set(d, v, "mobilephone", maybe(0.4, phone()));
            set(d, v, "donotbulkemail", rnd.nextDouble() < 0.1);
            double p = rnd.nextDouble();
            if (p < 0.85 && !ids.get("accounts").isEmpty()) {
                set(d, v, "parentcustomerid", new Ref("account", pickId("accounts")));
            } else if (p < 0.9 && i > 0) {
                set(d, v, "parentcustomerid", new Ref("contact", contacts.get(rnd.nextInt(i))));
            }
            set(d, v, "ownerid", owner());
            if (!ids.get("leads").isEmpty() && rnd.nextDouble() < 0.1) {
                set(d, v, "originatingleadid", new Ref("lead", pickId("leads")));
            }
            boolean merged = i > 0 && rnd.nextDouble() < 0.01;
            set(d, v, "merged", merged);
            if (merged) {
                set(d, v, "masterid", new Ref("contact", contacts.get(rnd.nextInt(i))));
            }
            boolean active = !merged && rnd.nextDouble() < 0.95;
            set(d, v, "statecode", active ? 0 : 1);
            set(d, v, "statuscode", active ? 1 : 2);
            set(d, v, "new_synctomkto", syncFlag());
        }
    }

    private void leads() {
        EntityDef d = schema.bySet("leads");
        for (String id : ids.get("leads")) {
            Object[] v = row(d, id);
            String first = maybe(0.9, pick(FIRST));
            String last = pick(LAST);
            set(d, v, "firstname", first);
            set(d, v, "lastname", last);
            set(d, v, "fullname", RecordStore.fullName(first, last));
            // a few leads share a contact's email: the sync must not create duplicates from them
            String email = !contactEmails.isEmpty() && rnd.nextDouble() < 0.05
                    ? contactEmails.get(rnd.nextInt(contactEmails.size())) : maybe(0.9, email(first, last));
            set(d, v, "emailaddress1", email);
            set(d, v, "companyname", maybe(0.8, pick(COMPANY) + pick(SUFFIX)));
            set(d, v, "jobtitle", maybe(0.6, pick(TITLE)));
            set(d, v, "telephone1", maybe(0.6, phone()));
            set(d, v, "subject", maybe(0.9, "Interested in " + pick(PRODUCT).toLowerCase(Locale.ROOT)));
            set(d, v, "leadsourcecode", maybe(0.7, 1 + rnd.nextInt(10)));
            set(d, v, "donotbulkemail", rnd.nextDouble() < 0.1);
            set(d, v, "ownerid", owner());
            if (!ids.get("accounts").isEmpty() && rnd.nextDouble() < 0.2) {
                set(d, v, "parentaccountid", new Ref("account", pickId("accounts")));
            }
            if (!ids.get("contacts").isEmpty() && rnd.nextDouble() < 0.1) {
                set(d, v, "parentcontactid", new Ref("contact", pickId("contacts")));
            }
            double s = rnd.nextDouble();
            int state = s < 0.75 ? 0 : s < 0.9 ? 1 : 2;
            set(d, v, "statecode", state);
            set(d, v, "statuscode", state == 0 ? 1 + rnd.nextInt(2) : state == 1 ? 3 : 4 + rnd.nextInt(4));
            if (state == 1 && !ids.get("opportunities").isEmpty()) {
                set(d, v, "qualifyingopportunityid", new Ref("opportunity", pickId("opportunities")));
            }
            set(d, v, "new_synctomkto", syncFlag());
        }
    }

    private void opportunities() {
        EntityDef d = schema.bySet("opportunities");
        for (String id : ids.get("opportunities")) {
            Object[] v = row(d, id);
            set(d, v, "name", pick(COMPANY) + " - " + pick(PRODUCT));
            set(d, v, "estimatedvalue", maybe(0.85, BigDecimal.valueOf(rnd.nextInt(50_000_000), 2)));
            set(d, v, "estimatedclosedate", maybe(0.8, LocalDate.ofInstant(now, ZoneOffset.UTC)
                    .plusDays(rnd.nextInt(361) - 180)));
            set(d, v, "stepname", maybe(0.9, pick(STEP)));
            set(d, v, "closeprobability", maybe(0.8, rnd.nextInt(11) * 10));
            double s = rnd.nextDouble();
            int state = s < 0.7 ? 0 : s < 0.9 ? 1 : 2;
            set(d, v, "statecode", state);
            set(d, v, "statuscode", state == 0 ? 1 + rnd.nextInt(2) : state == 1 ? 3 : 4 + rnd.nextInt(2));
            boolean byContact = rnd.nextDouble() < 0.2 || ids.get("accounts").isEmpty();
            if (byContact && !ids.get("contacts").isEmpty()) {
                set(d, v, "customerid", new Ref("contact", pickId("contacts")));
            } else if (!ids.get("accounts").isEmpty()) {
                Ref account = new Ref("account", pickId("accounts"));
                set(d, v, "customerid", account);
                set(d, v, "parentaccountid", account);
            }
            if (!ids.get("contacts").isEmpty() && rnd.nextDouble() < 0.4) {
                set(d, v, "parentcontactid", new Ref("contact", pickId("contacts")));
            }
            set(d, v, "ownerid", owner());
            if (!ids.get("leads").isEmpty() && rnd.nextDouble() < 0.3) {
                set(d, v, "originatingleadid", new Ref("lead", pickId("leads")));
            }
        }
    }

    private void projects() {
        EntityDef d = schema.bySet("new_projects");
        for (String id : ids.get("new_projects")) {
            Object[] v = row(d, id);
            set(d, v, "new_name", "Project " + pick(PRODUCT) + " " + (char) ('A' + rnd.nextInt(26))
                    + rnd.nextInt(100));
            set(d, v, "new_budget", maybe(0.8, BigDecimal.valueOf(rnd.nextInt(10_000_000), 2)));
            set(d, v, "new_startdate", maybe(0.9, LocalDate.ofInstant(now, ZoneOffset.UTC)
                    .minusDays(rnd.nextInt(730))));
            set(d, v, "new_active", maybe(0.9, rnd.nextBoolean()));
            set(d, v, "new_phase", maybe(0.9, 1 + rnd.nextInt(5)));
            if (!ids.get("accounts").isEmpty() && rnd.nextDouble() < 0.9) {
                set(d, v, "new_accountid", new Ref("account", pickId("accounts")));
            }
            set(d, v, "ownerid", owner());
        }
    }

    /**
     * Versions follow modification time across all tables (as Dataverse's rowversion does), then rows go into
     * the store in one bulk load per table.
     */
    private void load() {
        record Item(EntityDef def, Object[] values, Instant modified) {
        }
        List<Item> all = new ArrayList<>();
        pending.forEach((def, rows) -> {
            AttributeDef mod = def.attributeByLogicalName(Schema.MODIFIEDON);
            for (Object[] v : rows) {
                all.add(new Item(def, v, mod == null ? Instant.EPOCH : (Instant) v[mod.index()]));
            }
        });
        all.sort(Comparator.comparing(Item::modified));
        Map<EntityDef, List<Row>> rows = new LinkedHashMap<>();
        for (Item item : all) {
            AttributeDef version = item.def.attributeByLogicalName(Schema.VERSIONNUMBER);
            item.values[version.index()] = store.nextVersion();
            rows.computeIfAbsent(item.def, k -> new ArrayList<>()).add(new Row((String) item.values[0], item.values));
        }
        rows.forEach(store::load);
    }

    /** A new row with defaults and timestamps in the year before {@code now}; 10% share the previous row's second. */
    private Object[] row(EntityDef d, String id) {
        Object[] v = new Object[d.width()];
        for (AttributeDef a : d.attributes) {
            v[a.index()] = a.defaultValue();
        }
        v[0] = id;
        Instant created = now.minusSeconds(1 + (long) (rnd.nextDouble() * YEAR_SECONDS));
        Instant modified = created.plusSeconds((long) (rnd.nextDouble() * (now.getEpochSecond()
                - created.getEpochSecond())));
        Instant previous = lastModified.get(d);
        if (previous != null && rnd.nextDouble() < 0.1) {
            modified = previous;
            if (created.isAfter(modified)) {
                created = modified.minusSeconds(rnd.nextInt(86_400));
            }
        }
        lastModified.put(d, modified);
        set(d, v, Schema.CREATEDON, created);
        set(d, v, Schema.MODIFIEDON, modified);
        // seeded data stands for what people entered before the sync arrived
        set(d, v, Schema.CREATEDBY, BuiltInUsers.ref(BuiltInUsers.HUMAN_USER_ID));
        set(d, v, Schema.MODIFIEDBY, BuiltInUsers.ref(BuiltInUsers.HUMAN_USER_ID));
        pending.computeIfAbsent(d, k -> new ArrayList<>()).add(v);
        return v;
    }

    private static void set(EntityDef d, Object[] v, String column, Object value) {
        v[d.attributeByLogicalName(column).index()] = value;
    }

    private String newId() {
        long msb = (rnd.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (rnd.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    private <T> T pick(T[] options) {
        return options[rnd.nextInt(options.length)];
    }

    private String pickId(String set) {
        List<String> list = ids.get(set);
        return list.get(rnd.nextInt(list.size()));
    }

    /** The value with probability p, else null (consumes the same randomness either way). */
    private <T> T maybe(double p, T value) {
        return rnd.nextDouble() < p ? value : null;
    }

    private Ref user() {
        List<String> users = ids.get("systemusers");
        return users.isEmpty() ? null : new Ref("systemuser", users.get(rnd.nextInt(users.size())));
    }

    /** Mostly users, sometimes a team, as in orgs that use team ownership. */
    private Ref owner() {
        if (!ids.get("teams").isEmpty() && rnd.nextDouble() < 0.1) {
            return new Ref("team", pickId("teams"));
        }
        return user();
    }

    private Boolean syncFlag() {
        double p = rnd.nextDouble();
        return p < 0.35 ? Boolean.TRUE : p < 0.5 ? Boolean.FALSE : null;
    }

    private String phone() {
        String digits = Integer.toString(10_000 + rnd.nextInt(10_000));
        return "+1 425 555 " + digits.substring(1);
    }

    private String email(String first, String last) {
        String f = first == null ? "info" : folded(first);
        String l = folded(last).replace(" ", "");
        String domain = asciiCache.computeIfAbsent("@" + pick(COMPANY),
                c -> ascii(c.substring(1)).replaceAll("[^a-z0-9]+", "") + ".example.com");
        double p = rnd.nextDouble();
        if (p < 0.2) {
            return f + "." + l + "+" + pick(new String[] {"news", "crm", "promo", "2024"}) + "@" + domain;
        }
        return p < 0.6 ? f + "." + l + "@" + domain : f.charAt(0) + l + "@" + domain;
    }

    private String folded(String s) {
        return asciiCache.computeIfAbsent(s, SeedGenerator::ascii);
    }

    /** Lower-case ASCII for email addresses: accents dropped, ł→l, ø→o, apostrophes removed. */
    static String ascii(String s) {
        String t = s.replace("ł", "l").replace("Ł", "L").replace("ø", "o").replace("Ø", "O").replace("ß", "ss")
                .replace("'", "");
        t = Normalizer.normalize(t, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        return t.toLowerCase(Locale.ROOT);
    }
}
