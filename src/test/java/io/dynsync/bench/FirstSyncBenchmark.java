package io.dynsync.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.dynsync.emulator.DataverseEmulator;
import io.dynsync.emulator.EmulatorOptions;
import io.dynsync.testing.SyncProcess;

/**
 * The first-sync benchmark ({@code mvn -Pbench}): an emulator seeded with 100,000 leads (only), and the
 * sync application in its own JVM with {@code -Xmx256m} running one cycle ({@code --once}) into a fresh
 * H2 file. Prints records per second, the sync JVM's peak heap and the requests it made. Then it
 * changes {@code bench.outbound} (10,000) of those persons with plain SQL and runs one more cycle:
 * the outbound records per second and $batch requests.
 * Options: {@code -Dbench.leads=N}, {@code -Dbench.page-size=N}, {@code -Dbench.heap=48m} (the sync JVM's -Xmx).
 */
public final class FirstSyncBenchmark {

    private static final Pattern SUMMARY = Pattern.compile("Run once complete: (\\d+) records in ([\\d.]+) s \\((\\d+) records/s\\), peak heap (\\d+) MB");

    private static final Pattern OUTBOUND = Pattern.compile("leads: outbound complete in ([\\d.]+) s \\((\\d+) records/s\\).*?: (\\d+) updated");

    private FirstSyncBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int leads = Integer.getInteger("bench.leads", 100_000);
        String pageSize = System.getProperty("bench.page-size", "5000");
        Path dir = Path.of("target", "bench");
        if (Files.exists(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
        EmulatorOptions options = EmulatorOptions.defaults().count("leads", leads);
        for (String set : new String[] {"contacts", "accounts", "opportunities", "systemusers", "teams", "new_projects"}) {
            options = options.count(set, 0);
        }
        try (DataverseEmulator emulator = DataverseEmulator.start(options)) {
            String store = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("store");
            Path log = dir.resolve("sync.log");
            System.out.printf("Benchmark: first sync of %,d leads, page size %s, sync JVM -Xmx%s (log: %s)%n", leads, pageSize, System.getProperty("sync.process.heap", "256m"), log);
            long start = System.nanoTime();
            int exit;
            try (SyncProcess sync = SyncProcess.start(Map.of("sync.dynamics.url", emulator.baseUrl(), "sync.store.url", store,
                    "sync.entities", "leads", "sync.page-size", pageSize, "sync.schedule", "1h"), log, "--once")) {
                exit = sync.waitFor();
            }
            double wall = (System.nanoTime() - start) / 1e9;
            String output = Files.readString(log);
            Matcher m = SUMMARY.matcher(output);
            if (exit != 0 || !m.find()) {
                System.out.println(output);
                throw new IllegalStateException("the sync process failed (exit " + exit + ")");
            }
            long rows;
            try (Connection c = DriverManager.getConnection(store, "sa", ""); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM persons")) {
                rs.next();
                rows = rs.getLong(1);
            }
            long requests = emulator.requests().stream().filter(r -> "leads".equals(r.entitySet())).count();
            System.out.printf("Records synced:        %,d (rows in persons: %,d)%n", Long.parseLong(m.group(1)), rows);
            System.out.printf("Sync time:             %s s (process wall time incl. JVM start: %.1f s)%n", m.group(2), wall);
            System.out.printf("Throughput:            %,d records/s%n", Long.parseLong(m.group(3)));
            System.out.printf("Peak heap of the sync: %s MB used by the JVM (sum of heap pool peaks, garbage included; -Xmx%s)%n", m.group(4), System.getProperty("sync.process.heap", "256m"));
            System.out.printf("Requests to Dynamics:  %d%n", requests);
            if (rows != leads) {
                throw new IllegalStateException("expected " + leads + " rows, found " + rows);
            }

            // outbound: persons changed in the store by plain SQL, sent by the next cycle
            int changed = Math.min(leads, Integer.getInteger("bench.outbound", 10_000));
            if (changed <= 0) {
                return;
            }
            try (Connection c = DriverManager.getConnection(store, "sa", ""); Statement st = c.createStatement()) {
                long last;
                try (ResultSet rs = st.executeQuery("SELECT id FROM persons WHERE dynamics_type = 'lead' ORDER BY id OFFSET "
                        + (changed - 1) + " ROWS FETCH FIRST 1 ROWS ONLY")) {
                    rs.next();
                    last = rs.getLong(1);
                }
                st.executeUpdate("UPDATE persons SET job_title = CONCAT('Benchmarked ', CAST(id AS VARCHAR(20))) "
                        + "WHERE dynamics_type = 'lead' AND id <= " + last);
            }
            emulator.clearRequests();
            Path outboundLog = dir.resolve("sync-outbound.log");
            try (SyncProcess sync = SyncProcess.start(Map.of("sync.dynamics.url", emulator.baseUrl(), "sync.store.url", store,
                    "sync.entities", "leads", "sync.page-size", pageSize, "sync.schedule", "1h"), outboundLog, "--once")) {
                exit = sync.waitFor();
            }
            Matcher out = OUTBOUND.matcher(Files.readString(outboundLog));
            if (exit != 0 || !out.find()) {
                System.out.println(Files.readString(outboundLog));
                throw new IllegalStateException("the outbound run failed (exit " + exit + ")");
            }
            long batches = emulator.requests().stream().filter(r -> r.isBatch()).count();
            long sent = emulator.data().list("leads").stream().filter(l -> String.valueOf(l.get("jobtitle")).startsWith("Benchmarked ")).count();
            System.out.printf("Outbound:              %,d persons changed by SQL, %s sent in %s s: %,d records/s, %d $batch requests%n",
                    changed, out.group(3), out.group(1), Long.parseLong(out.group(2)), batches);
            if (sent != changed) {
                throw new IllegalStateException("expected " + changed + " leads changed in Dynamics, found " + sent);
            }
        }
    }
}
