package io.dynsync.testing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import javax.sql.DataSource;

import io.dynsync.inbound.InboundRuns;
import io.dynsync.outbound.Outbound;
import io.dynsync.store.Store;
import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.main.Main;
import org.quartz.JobKey;
import org.quartz.SchedulerException;

/**
 * The real application, booted in-process the way {@code SyncApplication} boots it (Camel Main, the
 * operator files under routes/, application.properties) with test overrides: the emulator's URL, a
 * private store. Its schedule is long, so after the first automatic cycle a test runs cycles on purpose
 * by firing an entity's Quartz job.
 */
public final class SyncRuntime implements AutoCloseable {

    private final Main main;
    private final CamelContext context;

    private SyncRuntime(Main main) {
        this.main = main;
        this.context = main.getCamelContext();
    }

    /** Default overrides for a test against the emulator at {@code dynamicsUrl}, on a fresh in-memory H2. */
    public static Map<String, String> properties(String dynamicsUrl) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("camel.main.name", "sync-test");
        p.put("sync.dynamics.url", dynamicsUrl);
        p.put("sync.store.url", "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        p.put("sync.schedule", "1d");
        p.put("sync.retry.initial-delay", "50");
        p.put("sync.retry.max-delay", "200");
        return p;
    }

    public static SyncRuntime start(Map<String, String> overrides) throws Exception {
        Main main = new Main();
        main.setPropertyPlaceholderLocations("file:application.properties");
        Properties properties = new Properties();
        properties.putAll(overrides);
        main.setOverrideProperties(properties);
        main.start();
        return new SyncRuntime(main);
    }

    public CamelContext context() {
        return context;
    }

    public <T> T bean(String name, Class<T> type) {
        return context.getRegistry().lookupByNameAndType(name, type);
    }

    public DataSource dataSource() {
        return bean("syncStore", Store.class).dataSource();
    }

    /** Waits for the automatic first cycle of every entity (started with the application). */
    public void awaitFirstCycles() throws InterruptedException {
        if (!bean("syncInboundRuns", InboundRuns.class).awaitEveryEntityOnce(120_000)) {
            throw new AssertionError("the first cycle of every entity did not complete within 120 s");
        }
    }

    public List<String> entities() {
        return bean("syncInboundRuns", InboundRuns.class).entities();
    }

    /** Runs one inbound cycle of each given entity (all when none given) and waits for it to end. */
    public void cycle(String... entities) throws Exception {
        List<String> which = entities.length == 0 ? entities() : List.of(entities);
        InboundRuns runs = bean("syncInboundRuns", InboundRuns.class);
        for (String entity : which) {
            long before = runs.cyclesEnded(entity);
            context.getComponent("quartz", QuartzComponent.class).getScheduler()
                    .triggerJob(JobKey.jobKey(entity, "sync-inbound"));
            if (!runs.awaitCyclesEnded(entity, before, 120_000)) {
                throw new AssertionError("the cycle of " + entity + " did not complete within 120 s");
            }
        }
    }

    /** Runs one outbound cycle of each given two-way entity (all when none given) and waits for it to end. */
    public void outbound(String... entities) throws Exception {
        Outbound outbound = bean("syncOutbound", Outbound.class);
        List<String> which = entities.length == 0 ? outbound.entities() : List.of(entities);
        for (String entity : which) {
            long before = outbound.cyclesEnded(entity);
            context.getComponent("quartz", QuartzComponent.class).getScheduler()
                    .triggerJob(JobKey.jobKey(entity, "sync-outbound"));
            if (!outbound.awaitCyclesEnded(entity, before, 120_000)) {
                throw new AssertionError("the outbound cycle of " + entity + " did not complete within 120 s");
            }
        }
    }

    /** Waits for the first outbound cycle of every two-way entity (started with the application). */
    public void awaitFirstOutboundCycles() throws InterruptedException {
        Outbound outbound = bean("syncOutbound", Outbound.class);
        for (String entity : outbound.entities()) {
            if (!outbound.awaitCyclesEnded(entity, 0, 120_000)) {
                throw new AssertionError("the first outbound cycle of " + entity + " did not complete within 120 s");
            }
        }
    }

    @Override
    public void close() throws SchedulerException {
        main.stop();
    }
}
