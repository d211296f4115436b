package io.dynsync.inbound;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import io.dynsync.CycleCounter;
import io.dynsync.dynamics.InboundQuery;
import io.dynsync.mapping.EntityMapping;
import io.dynsync.mapping.MappingCatalog;
import io.dynsync.store.Store;
import io.dynsync.store.StoreException;
import io.dynsync.store.SyncErrors;
import io.dynsync.store.SyncState;
import io.dynsync.store.SyncStates;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts, tracks and ends inbound runs. From an entity's checkpoint it decides, in this order: resume
 * the interrupted run; re-read everything if the mapping changed; the first sync; retry records that
 * failed before and are due; a full re-read (entities without a watermark); or read what changed.
 */
public class InboundRuns {

    private static final Logger LOG = LoggerFactory.getLogger(InboundRuns.class);
    private static final int REPLAY_BATCH = InboundQuery.FILTER_CHUNK;

    private final MappingCatalog mappings;
    private final SyncStates states;
    private final InboundQuery query;
    private final DataSource dataSource;
    private final SyncErrors errors = new SyncErrors();
    private final int pageSize;
    private final Duration retryBase;
    private final Map<String, InboundRun> active = new ConcurrentHashMap<>();
    private final Map<String, InboundRun> lastCompleted = new ConcurrentHashMap<>();
    private final Set<String> lastFailed = ConcurrentHashMap.newKeySet();
    private final CycleCounter cycles = new CycleCounter();

    /**
     * @param pageSize          {@code sync.page-size}, sent as {@code Prefer: odata.maxpagesize} (at most 5000)
     * @param retryBaseSeconds  {@code sync.errors.retry-base-seconds}: wait before the first retry of a failed record
     */
    public InboundRuns(MappingCatalog mappings, SyncStates states, InboundQuery query, Store store, int pageSize,
            long retryBaseSeconds) {
        if (pageSize < 1 || pageSize > 5000) {
            throw new IllegalArgumentException("sync.page-size must be between 1 and 5000 (was " + pageSize + ")");
        }
        if (retryBaseSeconds < 1) {
            throw new IllegalArgumentException("sync.errors.retry-base-seconds must be at least 1 (was " + retryBaseSeconds + ")");
        }
        this.mappings = mappings;
        this.states = states;
        this.query = query;
        this.dataSource = store.dataSource();
        this.pageSize = pageSize;
        this.retryBase = Duration.ofSeconds(retryBaseSeconds);
    }

    /** Begins a cycle for the entity. */
    public InboundRun start(String entitySet) {
        EntityMapping mapping = mappings.get(entitySet);
        SyncState state = states.load(entitySet, PageWriter.DIRECTION);
        String annotations = InboundQuery.lookupAnnotations(mapping);
        String prefer = "odata.maxpagesize=" + pageSize + (annotations == null ? "" : "," + annotations);
        // full reads of a tracked entity ask for change tracking: their last page links to the changes
        String tracked = mapping.changeTracking() ? "odata.track-changes," + prefer : prefer;
        boolean mappingChanged = state.mappingFingerprint() != null && !state.mappingFingerprint().equals(mapping.fingerprint());
        InboundRun run;
        if (state.runInProgress() && !mappingChanged && query.isPageOf(mapping, state.nextLink())) {
            InboundRun.Kind kind = InboundRun.Kind.of(state.runKind());
            run = new InboundRun(mapping, kind, !state.firstSyncDone(), state, state.nextLink(),
                    kind == InboundRun.Kind.FULL || kind == InboundRun.Kind.REWRITE || kind == InboundRun.Kind.DELTA ? tracked : prefer,
                    List.of());
            LOG.info("{}: resuming the interrupted {} after {} records in {} page(s)", entitySet, describe(run),
                    state.runRecordsDone(), state.runPagesDone());
        } else {
            if (state.runInProgress()) {
                LOG.warn("{}: the interrupted run is started over: {}", entitySet, mappingChanged ? "its mapping changed"
                        : "its saved page link is not of " + query.fullRead(mapping).replaceAll("\\?.*", ""));
                state = state.withoutRun();
            }
            List<String> due = state.firstSyncDone() && !mappingChanged ? dueForRetry(entitySet) : List.of();
            if (mappingChanged) {
                LOG.info("{}: the mapping changed, every record is read and rewritten", entitySet);
                run = new InboundRun(mapping, InboundRun.Kind.REWRITE, !state.firstSyncDone(), state, query.fullRead(mapping),
                        tracked, List.of());
            } else if (!state.firstSyncDone()) {
                run = new InboundRun(mapping, InboundRun.Kind.FULL, true, state, query.fullRead(mapping), tracked, List.of());
                LOG.info("{}: first sync starting", entitySet);
            } else if (!due.isEmpty()) {
                LOG.info("{}: retrying {} record(s) whose sync failed before", entitySet, due.size());
                run = new InboundRun(mapping, InboundRun.Kind.REPLAY, false, state, query.byIds(mapping, due), prefer, due);
            } else if (mapping.changeTracking() && state.deltaLink() != null && !query.isPageOf(mapping, state.deltaLink())) {
                // sync.dynamics.url now names another organization: its link is not followed (nor given a token)
                LOG.warn("{}: the saved change-tracking link is not of {}; reading everything again", entitySet,
                        query.fullRead(mapping).replaceAll("\\?.*", ""));
                run = new InboundRun(mapping, InboundRun.Kind.FULL, false, state.withoutDeltaLink(), query.fullRead(mapping),
                        tracked, List.of());
            } else if (mapping.changeTracking() && state.deltaLink() != null) {
                run = new InboundRun(mapping, InboundRun.Kind.DELTA, false, state, state.deltaLink(), tracked, List.of());
            } else if (mapping.changeTracking()) {
                // no change-tracking link (it expired): read everything again; what is gone was deleted
                LOG.info("{}: reading everything again to pick up change tracking; records not found are deletes", entitySet);
                run = new InboundRun(mapping, InboundRun.Kind.FULL, false, state, query.fullRead(mapping), tracked, List.of());
            } else if (reconcileDue(mapping, state)) {
                run = new InboundRun(mapping, InboundRun.Kind.RECONCILE, false, state, query.ids(mapping), prefer, List.of());
            } else if (!mapping.usesModifiedOnWatermark() || state.watermark() == null) {
                run = new InboundRun(mapping, InboundRun.Kind.FULL, false, state, query.fullRead(mapping), prefer, List.of());
            } else {
                run = new InboundRun(mapping, InboundRun.Kind.INCREMENTAL, false, state,
                        query.changedSince(mapping, state.watermark()), prefer, List.of());
            }
        }
        active.put(entitySet, run);
        return run;
    }

    /** Entities without change tracking compare ids now and then ({@code reconcileEvery}) to find deletes. */
    private static boolean reconcileDue(EntityMapping mapping, SyncState state) {
        if (mapping.reconcileEvery() == null) {
            return false;
        }
        long every = org.apache.camel.util.TimeUtils.toMilliSeconds(mapping.reconcileEvery());
        return state.lastReconciledAt() == null || state.lastReconciledAt().plusNanos(every * 1_000_000)
                .isBefore(java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC));
    }

    private List<String> dueForRetry(String entitySet) {
        try (Connection c = dataSource.getConnection()) {
            return errors.dueForRetry(c, entitySet, PageWriter.DIRECTION, retryBase, REPLAY_BATCH);
        } catch (SQLException e) {
            throw new StoreException("reading sync_errors of " + entitySet, e);
        }
    }

    /** The URL asking Dynamics for the run's exact total (used when the page count hit its cap). */
    public String totalCountUrl(InboundRun run) {
        return query.totalRecordCount(run.mapping());
    }

    /** The exact total, or null when asking for it failed (progress then shows the capped count). */
    public void totalCounted(InboundRun run, Long total) {
        run.totalCounted(total);
    }

    /** Ends a run after its last page: one summary line. */
    public void finish(InboundRun run) {
        active.remove(run.entity(), run);
        String resumed = run.done() > run.received() ? String.format(Locale.ROOT, " (%d of them before a restart)",
                run.done() - run.received()) : "";
        String summary = String.format(Locale.ROOT,
                "%s: %s complete, %d records%s; this session %d written, %d unchanged, %d deleted, %d failed in %.1f s, %.0f records/s",
                run.entity(), describe(run), run.done(), resumed, run.written(), run.unchanged(), run.deleted(), run.failed(),
                run.elapsedSeconds(), rate(run));
        boolean routine = run.kind() == InboundRun.Kind.FULL || run.kind() == InboundRun.Kind.INCREMENTAL
                || run.kind() == InboundRun.Kind.DELTA || run.kind() == InboundRun.Kind.RECONCILE;
        if (run.firstSync() || !routine || run.written() > 0 || run.failed() > 0 || run.deleted() > 0) {
            LOG.info(summary);
        } else {
            LOG.debug(summary);
        }
        lastCompleted.put(run.entity(), run);
        lastFailed.remove(run.entity());
        cycleEnded(run.entity());
    }

    /**
     * A run stopped on an error it could not recover from. Its checkpoint stays for the next cycle, except
     * when Dynamics refused a saved page link as a bad request: then the run starts over.
     */
    public void failed(String entitySet, Exception cause) {
        InboundRun run = active.remove(entitySet);
        String message = cause == null ? "unknown error" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        boolean expired = isExpiredChangeTracking(cause);
        boolean linkRefused = run != null && (run.state().runInProgress() || run.kind() == InboundRun.Kind.DELTA)
                && isRefusal(cause);
        if (expired) {
            // routine after a long stop (Dataverse keeps change tracking 7 days by default): not a failure
            LOG.warn("{}: its change-tracking link expired, the next cycle reads everything again and finds deletes", entitySet);
        } else {
            LOG.error("{}: run stopped, {}: {}", entitySet, linkRefused ? "its saved page link was refused, the next cycle starts it over"
                    : "the next cycle resumes it from its last committed page", message);
        }
        try {
            // a change-tracking link Dynamics refuses is dropped too: the next cycle reads everything again
            boolean forgetDeltaLink = expired || linkRefused && run.kind() == InboundRun.Kind.DELTA;
            states.recordError(entitySet, PageWriter.DIRECTION, message, linkRefused || expired, forgetDeltaLink);
        } finally {
            if (expired) {
                lastFailed.remove(entitySet);
            } else {
                lastFailed.add(entitySet);
            }
            cycleEnded(entitySet);
        }
    }

    /** Dataverse's "Version stamp associated with the client has expired" (0x80044352, ExpiredVersionStamp). */
    private static boolean isExpiredChangeTracking(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof HttpOperationFailedException http) {
                String body = http.getResponseBody();
                return body != null && (body.contains("0x80044352") || body.contains("-2147204270"));
            }
        }
        return false;
    }

    private static boolean isRefusal(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof HttpOperationFailedException http) {
                int status = http.getStatusCode();
                return status == 400 || status == 404 || status == 410;
            }
        }
        return false;
    }

    private void cycleEnded(String entitySet) {
        cycles.ended(entitySet);
    }

    /** How many cycles of the entity have ended (completed or failed) since start. */
    public long cyclesEnded(String entitySet) {
        return cycles.count(entitySet);
    }

    /** Waits until more than {@code count} cycles of the entity have ended. */
    public boolean awaitCyclesEnded(String entitySet, long count, long timeoutMillis) throws InterruptedException {
        return cycles.awaitMoreThan(entitySet, count, timeoutMillis);
    }

    /**
     * Waits until every entity has ended at least one cycle since start (run-once mode, tests).
     *
     * @return false on timeout
     */
    public boolean awaitEveryEntityOnce(long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        for (String entity : entities()) {
            if (!awaitCyclesEnded(entity, 0, Math.max(1, deadline - System.currentTimeMillis()))) {
                return false;
            }
        }
        return true;
    }

    /** Entities whose last cycle failed. */
    public Set<String> failing() {
        return Set.copyOf(lastFailed);
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
                        describe(run), run.done(), total, Math.min(100.0, 100.0 * run.done() / total), rate, eta));
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

    /** Entity sets this instance syncs. */
    public List<String> entities() {
        List<String> entities = new ArrayList<>();
        mappings.all().forEach(m -> entities.add(m.entitySet()));
        return entities;
    }

    private static String describe(InboundRun run) {
        if (run.firstSync()) {
            return "first sync";
        }
        return switch (run.kind()) {
            case FULL -> "full read";
            case REWRITE -> "re-read after a mapping change";
            case INCREMENTAL -> "incremental sync";
            case REPLAY -> "retry of failed records";
            case DELTA -> "change-tracking read";
            case RECONCILE -> "id comparison";
        };
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
