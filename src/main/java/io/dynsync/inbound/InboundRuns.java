package io.dynsync.inbound;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.dynsync.dynamics.InboundQuery;
import io.dynsync.mapping.EntityMapping;
import io.dynsync.mapping.MappingCatalog;
import io.dynsync.store.SyncState;
import io.dynsync.store.SyncStates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts, tracks and ends inbound runs: decides from an entity's checkpoint whether to resume an
 * interrupted run, start the first full copy or read what changed, and reports progress.
 */
public class InboundRuns {

    private static final Logger LOG = LoggerFactory.getLogger(InboundRuns.class);
    static final String LOOKUP_ANNOTATION = "odata.include-annotations=\"Microsoft.Dynamics.CRM.lookuplogicalname\"";

    private final MappingCatalog mappings;
    private final SyncStates states;
    private final InboundQuery query;
    private final int pageSize;
    private final Map<String, InboundRun> active = new ConcurrentHashMap<>();
    private final Set<String> completedOnce = ConcurrentHashMap.newKeySet();
    private final Map<String, InboundRun> lastCompleted = new ConcurrentHashMap<>();
    private volatile CountDownLatch allCompleted;
    /** Cycles ended (completed or failed) per entity since start. */
    private final Map<String, Long> cyclesEnded = new ConcurrentHashMap<>();

    /** @param pageSize {@code sync.page-size}, sent as {@code Prefer: odata.maxpagesize} (Dataverse caps it at 5000) */
    public InboundRuns(MappingCatalog mappings, SyncStates states, InboundQuery query, int pageSize) {
        if (pageSize < 1 || pageSize > 5000) {
            throw new IllegalArgumentException("sync.page-size must be between 1 and 5000 (was " + pageSize + ")");
        }
        this.mappings = mappings;
        this.states = states;
        this.query = query;
        this.pageSize = pageSize;
    }

    /** Begins a cycle for the entity: resumes its interrupted run or starts a new one. */
    public InboundRun start(String entitySet) {
        EntityMapping mapping = mappings.get(entitySet);
        SyncState state = states.load(entitySet, PageWriter.DIRECTION);
        String prefer = "odata.maxpagesize=" + pageSize + (mapping.needsLookupTargets() ? "," + LOOKUP_ANNOTATION : "");
        InboundRun run;
        if (state.runInProgress()) {
            InboundRun.Kind kind = InboundRun.Kind.valueOf(state.runKind().toUpperCase(Locale.ROOT));
            run = new InboundRun(mapping, kind, !state.firstSyncDone(), state, state.nextLink(), prefer);
            LOG.info("{}: resuming the interrupted {} after {} records in {} page(s)", entitySet,
                    describe(run), state.runRecordsDone(), state.runPagesDone());
        } else if (!state.firstSyncDone() || !mapping.usesModifiedOnWatermark()) {
            run = new InboundRun(mapping, InboundRun.Kind.FULL, !state.firstSyncDone(), state, query.fullRead(mapping), prefer);
            if (run.firstSync()) {
                LOG.info("{}: first sync starting", entitySet);
            }
        } else {
            run = new InboundRun(mapping, InboundRun.Kind.INCREMENTAL, false, state,
                    query.changedSince(mapping, state.watermark()), prefer);
        }
        active.put(entitySet, run);
        return run;
    }

    /** The URL asking Dynamics for the run's exact total (used when the page count hit its cap). */
    public String totalCountUrl(InboundRun run) {
        return query.totalRecordCount(run.mapping());
    }

    public void totalCounted(InboundRun run, long total) {
        run.totalCounted(total);
    }

    /** Ends a run after its last page: one summary line. */
    public void finish(InboundRun run) {
        active.remove(run.entity(), run);
        String summary = String.format(Locale.ROOT, "%s: %s complete, %d records (%d written, %d unchanged, %d failed) in %.1f s, %.0f records/s",
                run.entity(), describe(run), run.received(), run.written(), run.unchanged(), run.failed(),
                run.elapsedSeconds(), rate(run));
        if (run.kind() == InboundRun.Kind.FULL && run.firstSync() || run.written() > 0 || run.failed() > 0) {
            LOG.info(summary);
        } else {
            LOG.debug(summary);
        }
        completedOnce.add(run.entity());
        lastCompleted.put(run.entity(), run);
        cycleEnded(run.entity());
        CountDownLatch latch = allCompleted;
        if (latch != null && completedOnce.containsAll(entities())) {
            latch.countDown();
        }
    }

    /** A run stopped on an error it could not recover from; its checkpoint stays for the next cycle. */
    public void failed(String entitySet, Exception cause) {
        InboundRun run = active.remove(entitySet);
        String message = cause == null ? "unknown error" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        LOG.error("{}: run stopped, will resume from its last committed page on the next cycle: {}", entitySet, message);
        try {
            states.recordError(entitySet, PageWriter.DIRECTION, message);
        } finally {
            cycleEnded(entitySet);
        }
    }

    private synchronized void cycleEnded(String entitySet) {
        cyclesEnded.merge(entitySet, 1L, Long::sum);
        notifyAll();
    }

    /** How many cycles of the entity have ended (completed or failed) since start. */
    public long cyclesEnded(String entitySet) {
        return cyclesEnded.getOrDefault(entitySet, 0L);
    }

    /** Waits until more than {@code count} cycles of the entity have ended. */
    public synchronized boolean awaitCyclesEnded(String entitySet, long count, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (cyclesEnded(entitySet) <= count) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    /** Logs how each run that is still going is progressing (called every few seconds). */
    public void logProgress() {
        for (InboundRun run : active.values()) {
            if (run.elapsedSeconds() < 1) {
                continue;
            }
            double rate = rate(run);
            long total = run.total();
            if (total > 0) {
                long left = Math.max(0, total - run.done());
                String eta = rate > 0 ? formatDuration(left / rate) : "unknown";
                LOG.info(String.format(Locale.ROOT, "%s: %s %d / %d (%.0f%%), %.0f records/s, about %s left", run.entity(),
                        describe(run), run.done(), total, 100.0 * run.done() / total, rate, eta));
            } else {
                LOG.info(String.format(Locale.ROOT, "%s: %s %d records, %.0f records/s", run.entity(), describe(run),
                        run.done(), rate));
            }
        }
    }

    /** The last completed run of each entity. */
    public Collection<InboundRun> completedRuns() {
        return List.copyOf(lastCompleted.values());
    }

    public Collection<InboundRun> activeRuns() {
        return List.copyOf(active.values());
    }

    /** Entity sets this instance syncs. */
    public List<String> entities() {
        List<String> entities = new ArrayList<>();
        mappings.all().forEach(m -> entities.add(m.entitySet()));
        return entities;
    }

    /** Waits until every entity has completed at least one run since start (run-once mode, benchmark). */
    public boolean awaitEveryEntityOnce(long timeout, TimeUnit unit) throws InterruptedException {
        CountDownLatch latch = new CountDownLatch(1);
        allCompleted = latch;
        if (completedOnce.containsAll(entities())) {
            return true;
        }
        return latch.await(timeout, unit);
    }

    private static String describe(InboundRun run) {
        return run.firstSync() ? "first sync" : run.kind() == InboundRun.Kind.FULL ? "full read" : "incremental sync";
    }

    private static double rate(InboundRun run) {
        double seconds = run.elapsedSeconds();
        return seconds > 0 ? run.received() / seconds : 0;
    }

    static String formatDuration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return (s / 60) + " min " + (s % 60) + " s";
        }
        return (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }
}
