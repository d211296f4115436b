package io.dynsync;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import io.dynsync.inbound.InboundRun;
import io.dynsync.inbound.InboundRuns;
import io.dynsync.outbound.Outbound;
import io.dynsync.store.SyncStatus;
import io.dynsync.validate.Check;
import io.dynsync.validate.SetupValidation;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The standalone entry point: Camel Main with the routes of {@code routes/} and the settings of
 * {@code application.properties} in the working directory.
 *
 * <pre>
 * java -jar dynamics-marketing-sync.jar          sync continuously until stopped
 * java -jar dynamics-marketing-sync.jar --once   run one cycle of every entity, then exit
 * java -jar dynamics-marketing-sync.jar validate  check the setup, print a checklist, exit 0 only if all pass
 * java -jar dynamics-marketing-sync.jar status    where the sync stands, read from the store
 * </pre>
 */
public final class SyncApplication {

    static {
        useOwnLogging();
    }

    private static final Logger LOG = LoggerFactory.getLogger(SyncApplication.class);
    private static volatile int exitCode;

    private SyncApplication() {
    }

    /**
     * Our logging setup applies to the standalone application only: it is not named log4j2.properties,
     * so a host that embeds the bundle keeps its own. Call before the first logger is created.
     */
    public static void useOwnLogging() {
        if (System.getProperty("log4j2.configurationFile") == null) {
            System.setProperty("log4j2.configurationFile", "classpath:sync-log4j2.properties");
        }
    }

    public static void main(String[] args) throws Exception {
        List<String> camelArgs = new ArrayList<>();
        boolean once = false;
        boolean validate = false;
        boolean status = false;
        for (String arg : args) {
            if ("--once".equals(arg)) {
                once = true;
            } else if ("validate".equals(arg) || "--validate".equals(arg)) {
                validate = true;
            } else if ("status".equals(arg) || "--status".equals(arg)) {
                status = true;
            } else {
                camelArgs.add(arg);
            }
        }
        Main main = new Main();
        // application.properties of the working directory overrides the packaged defaults
        main.setPropertyPlaceholderLocations(
                "classpath:application.properties;optional=true,file:application.properties;optional=true");
        if (validate) {
            System.exit(validate(main));
        }
        if (status) {
            System.exit(status(main));
        }
        if (once) {
            main.addMainListener(new RunOnce());
        }
        int code;
        try {
            code = main.run(camelArgs.toArray(new String[0]));
        } catch (Exception e) {
            // one line that says what is wrong (the key at fault); the stack trace only at debug level
            LOG.error("The sync did not start: {}", rootMessage(e));
            LOG.debug("Start-up failure", e);
            code = 1;
        }
        System.exit(code != 0 ? code : exitCode);
    }

    /** The validate command: the setup checklist, without syncing anything. */
    private static int validate(Main main) {
        List<Check> checks = looking(main, context -> context.getRegistry()
                .lookupByNameAndType("syncValidation", SetupValidation.class).run(),
                e -> List.of(Check.fail("configuration", rootMessage(e))));
        System.out.println();
        System.out.println("Dynamics ⇄ marketing store sync: setup check");
        checks.forEach(c -> System.out.println("  " + c));
        long failed = checks.stream().filter(c -> !c.passed()).count();
        System.out.println(failed == 0 ? "All " + checks.size() + " checks passed." : failed + " of " + checks.size() + " checks failed.");
        return failed == 0 ? 0 : 1;
    }

    /** The status command: the store's view of every entity, without starting a route or calling Dynamics. */
    private static int status(Main main) {
        List<String> lines = looking(main, context -> context.getRegistry().lookupByNameAndType("syncStatus", SyncStatus.class).lines(),
                e -> null);
        System.out.println();
        System.out.println("Dynamics ⇄ marketing store sync: status");
        if (lines == null) {
            System.out.println("  cannot read the store (has the sync run against it yet?): see the lines above");
            return 1;
        }
        lines.forEach(l -> System.out.println("  " + l));
        return 0;
    }

    @FunctionalInterface
    private interface Look<T> {
        T at(CamelContext context) throws Exception;
    }

    /**
     * Runs a command that only looks: no route starts, nothing is migrated, Dynamics is not asked. What it
     * finds, or what {@code failed} makes of the error.
     */
    private static <T> T looking(Main main, Look<T> look, java.util.function.Function<Exception, T> failed) {
        main.addOverrideProperty("camel.main.autoStartup", "false");
        main.addOverrideProperty("sync.validate-on-start", "false");
        main.addOverrideProperty("sync.store.dry-run", "true");
        try {
            main.start();
            return look.at(main.getCamelContext());
        } catch (Exception e) {
            LOG.error("{}", rootMessage(e));
            return failed.apply(e);
        } finally {
            try {
                main.stop();
            } catch (Exception ignored) {
                // what the command found is what matters
            }
        }
    }

    /** The message that says what is wrong: the deepest one (Camel wraps the bean's own error). */
    static String rootMessage(Throwable failure) {
        String message = failure.getMessage();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getMessage() != null && (t instanceof IllegalArgumentException || t instanceof IllegalStateException
                    || t.getCause() == null)) {
                message = t.getMessage();
            }
        }
        return message;
    }

    /**
     * Stops the application once every entity has ended a cycle, with a summary line; the exit code is
     * 1 when any entity's cycle failed.
     */
    private static final class RunOnce extends MainListenerSupport {

        @Override
        public void afterStart(BaseMainSupport main) {
            CamelContext context = main.getCamelContext();
            InboundRuns runs = context.getRegistry().lookupByNameAndType("syncInboundRuns", InboundRuns.class);
            Outbound outbound = context.getRegistry().lookupByNameAndType("syncOutbound", Outbound.class);
            long started = System.nanoTime();
            Thread waiter = new Thread(() -> {
                try {
                    runs.awaitEveryEntityOnce(Long.MAX_VALUE);
                    for (String entity : outbound.entities()) {
                        outbound.awaitCyclesEnded(entity, 0, Long.MAX_VALUE);
                    }
                    double seconds = (System.nanoTime() - started) / 1e9;
                    long records = runs.completedRuns().stream().mapToLong(InboundRun::received).sum();
                    LOG.info(String.format(Locale.ROOT,
                            "Run once complete: %d records in %.1f s (%.0f records/s), peak heap %d MB of %d MB max",
                            records, seconds, records / seconds, HeapWatch.peakHeapBytes() >> 20,
                            Runtime.getRuntime().maxMemory() >> 20));
                    if (!runs.failing().isEmpty() || !outbound.failing().isEmpty()) {
                        LOG.error("Run once: the cycle failed for {} (inbound) {} (outbound)", runs.failing(), outbound.failing());
                        exitCode = 1;
                    }
                    ((Main) main).completed();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "sync-run-once");
            waiter.setDaemon(true);
            waiter.start();
        }
    }
}
