package io.dynsync.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.dynsync.SyncApplication;
import io.dynsync.emulator.DataverseEmulator;
import io.dynsync.emulator.EmulatorOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-command demo: a seeded Dataverse emulator, the sync application against it with a fresh H2
 * store under target/demo, and a little activity every 20 seconds, in "Dynamics" and in the store, so
 * the cycles have something to move both ways. Runs until stopped (Ctrl-C).
 */
public final class Demo {

    private static final Path DIR = Path.of("target", "demo");

    private Demo() {
    }

    public static void main(String[] args) throws Exception {
        SyncApplication.useOwnLogging();
        Logger log = LoggerFactory.getLogger(Demo.class);
        int port = Integer.getInteger("demo.port", 8089);
        wipe(DIR);
        DataverseEmulator emulator = DataverseEmulator.start(EmulatorOptions.defaults().port(port));
        log.info("Demo: emulator at {} with {} leads, {} contacts, {} accounts, {} opportunities, {} users, {} teams "
                + "({} memberships), {} projects", emulator.baseUrl(), emulator.data().count("leads"),
                emulator.data().count("contacts"), emulator.data().count("accounts"), emulator.data().count("opportunities"),
                emulator.data().count("systemusers"), emulator.data().count("teams"), emulator.data().count("teammemberships"),
                emulator.data().count("new_projects"));
        setDefault("sync.dynamics.url", emulator.baseUrl());
        String store = "jdbc:h2:file:" + DIR.toAbsolutePath().resolve("sync-store") + ";AUTO_SERVER=TRUE";
        setDefault("sync.store.url", store);
        setDefault("sync.schedule", "10s");

        ScheduledExecutorService activity = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "demo-activity");
            t.setDaemon(true);
            return t;
        });
        Random random = new Random(7);
        activity.scheduleWithFixedDelay(() -> changeSomething(emulator, random, log), 30, 20, TimeUnit.SECONDS);
        activity.scheduleWithFixedDelay(() -> editTheStore(System.getProperty("sync.store.url"), random, log), 40, 20, TimeUnit.SECONDS);
        SyncApplication.main(args);
    }

    /** Edits a few records in the emulator, as sales people would in Dynamics. */
    private static void changeSomething(DataverseEmulator emulator, Random random, Logger log) {
        try {
            List<Map<String, Object>> leads = emulator.data().list("leads");
            Map<String, Object> lead = leads.get(random.nextInt(leads.size()));
            emulator.data().update("leads", (String) lead.get("leadid"), Map.of("jobtitle", "Head of Demos " + random.nextInt(100)));
            List<Map<String, Object>> contacts = emulator.data().list("contacts");
            Map<String, Object> contact = contacts.get(random.nextInt(contacts.size()));
            emulator.data().update("contacts", (String) contact.get("contactid"), Map.of("telephone1", "+1 425 555 " + (1000 + random.nextInt(9000))));
            String created = emulator.data().create("leads", Map.of("firstname", "Demo", "lastname", "Lead " + random.nextInt(10000),
                    "emailaddress1", "demo" + random.nextInt(100000) + "@example.com"));
            log.info("Demo: in Dynamics, changed lead {} and contact {}, created lead {}", lead.get("leadid"),
                    contact.get("contactid"), created);
        } catch (RuntimeException e) {
            log.warn("Demo: activity failed: {}", e.toString());
        }
    }

    /** Edits a person in the store with plain SQL, as a marketing application would. */
    private static void editTheStore(String store, Random random, Logger log) {
        try (Connection c = DriverManager.getConnection(store, "sa", "");
                PreparedStatement ps = c.prepareStatement("UPDATE persons SET job_title = ? WHERE id = ?")) {
            long id = 1 + random.nextInt(2000);
            String title = "Marketing-qualified " + random.nextInt(100);
            ps.setString(1, title);
            ps.setLong(2, id);
            if (ps.executeUpdate() == 1) {
                log.info("Demo: in the store, person {} now has job title '{}'", id, title);
            }
        } catch (SQLException e) {
            log.warn("Demo: store edit failed: {}", e.toString());
        }
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    private static void wipe(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(dir);
    }
}
