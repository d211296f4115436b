package io.dynsync.inbound;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.dynsync.dynamics.ODataPage;
import io.dynsync.mapping.EntityMapping;
import io.dynsync.store.SyncState;

/**
 * One inbound run of one entity, from its first page to its last. A run that was interrupted is
 * resumed from its checkpoint, so it may span several processes.
 */
public final class InboundRun {

    public enum Kind {
        /** Every record of the set: the first sync, or a re-read of a set without a watermark. */
        FULL,
        /** Every record, every row rewritten whatever its etag: the mapping changed. */
        REWRITE,
        /** What changed since the watermark. */
        INCREMENTAL,
        /** Records whose sync failed before, read again by id and rewritten. */
        REPLAY,
        /** What changed since the last change-tracking link: new and changed records, and deletes. */
        DELTA,
        /** Ids only, to find the records Dynamics deleted (entities without change tracking). */
        RECONCILE;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Kind of(String label) {
            return valueOf(label.toUpperCase(Locale.ROOT));
        }
    }

    private final EntityMapping mapping;
    private final Kind kind;
    private final boolean firstSync;
    private final String prefer;
    private final List<String> replayIds;
    private final Set<String> seenIds = new HashSet<>();
    private final long startNanos = System.nanoTime();
    private final OffsetDateTime createdAt = OffsetDateTime.now(ZoneOffset.UTC);
    /** For a run resumed from its checkpoint: when it first started (Dynamics' clock); else null. */
    private final OffsetDateTime resumedAt;
    private final long doneBefore;
    private volatile SyncState state;
    private volatile String pageUrl;
    private volatile long total;
    private volatile boolean totalWanted;
    private volatile long received;
    private volatile long written;
    private volatile long unchanged;
    private volatile long failed;
    private volatile long deleted;

    InboundRun(EntityMapping mapping, Kind kind, boolean firstSync, SyncState state, String pageUrl, String prefer,
            List<String> replayIds) {
        this.mapping = mapping;
        this.kind = kind;
        this.firstSync = firstSync;
        this.state = state;
        this.pageUrl = pageUrl;
        this.prefer = prefer;
        this.replayIds = List.copyOf(replayIds);
        boolean resumed = state.runInProgress();
        this.resumedAt = resumed ? (state.runStartedAt() != null ? state.runStartedAt() : createdAt) : null;
        this.total = resumed ? state.runRecordsTotal() : -1;
        this.doneBefore = resumed ? state.runRecordsDone() : 0;
        // a resumed large read asks for its exact total again (the page count stops at 5000)
        this.totalWanted = resumed && isFullRead() && (total >= ODataPage.COUNT_CAP || total < 0 && mapping.changeTracking());
    }

    public EntityMapping mapping() {
        return mapping;
    }

    public String entity() {
        return mapping.entitySet();
    }

    public Kind kind() {
        return kind;
    }

    public boolean firstSync() {
        return firstSync;
    }

    boolean isFullRead() {
        return kind == Kind.FULL || kind == Kind.REWRITE;
    }

    /**
     * Whether the run reads every record, so that the rows it did not see were deleted in Dynamics: not
     * the first sync (nothing to compare yet), not incremental or delta reads.
     */
    public boolean findsDeletes() {
        return kind == Kind.RECONCILE || kind == Kind.REWRITE || kind == Kind.FULL && !firstSync;
    }

    /**
     * Rows synced from this instant on were linked while the run was reading (by the outbound sync), so a
     * page already read could not show them: they are not deletes. A run resumed after a restart only knows
     * its start on Dynamics' clock, so it allows for five minutes of difference.
     */
    public OffsetDateTime linkedBefore() {
        return resumedAt != null ? resumedAt.minusMinutes(5) : createdAt;
    }

    /** Whether the run only compares ids (it writes no row). */
    public boolean idsOnly() {
        return kind == Kind.RECONCILE;
    }

    /** Whether rows are written even when their etag did not change. */
    public boolean rewrite() {
        return kind == Kind.REWRITE || kind == Kind.REPLAY;
    }

    /** The ids a replay run asked for. */
    List<String> replayIds() {
        return replayIds;
    }

    /** The URL of the next page to fetch. */
    public String pageUrl() {
        return pageUrl;
    }

    /** The {@code Prefer} header to send with every page of this run. */
    public String prefer() {
        return prefer;
    }

    public boolean morePages() {
        return pageUrl != null;
    }

    /** True after a page whose count hit Dataverse's cap: ask once for the exact total. */
    public boolean totalWanted() {
        return totalWanted;
    }

    public SyncState state() {
        return state;
    }

    /** Records the run has processed, including those committed before a restart. */
    public long done() {
        return doneBefore + received;
    }

    /** Expected number of records of the run, -1 when unknown. */
    public long total() {
        return total;
    }

    /** Records received by this process. */
    public long received() {
        return received;
    }

    public long written() {
        return written;
    }

    public long unchanged() {
        return unchanged;
    }

    public long failed() {
        return failed;
    }

    /** Records found deleted in Dynamics (tombstones, or missing from a full read). */
    public long deleted() {
        return deleted;
    }

    void deleted(long count) {
        deleted += count;
    }

    public double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    void totalCounted(Long exactTotal) {
        if (exactTotal != null) {
            total = exactTotal;
        }
        totalWanted = false;
    }

    /** Remembers the ids a page carried (a replay resolves the errors of ids Dynamics no longer has). */
    Set<String> seen(List<String> ids) {
        seenIds.addAll(ids);
        return seenIds;
    }

    /**
     * The checkpoint to commit with a page's rows: where to continue, or, after the last page, the run
     * completed. A completed full or incremental run moves the watermark to the run's start on Dynamics'
     * clock minus the overlap, so a record modified while the run was going on, on whatever page, is
     * read again by the next run. A replay run leaves the watermark alone.
     */
    SyncState checkpointAfter(ODataPage page, int records, long pageWritten, Duration overlap) {
        SyncState s = state;
        boolean firstPage = !s.runInProgress();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        // without Dynamics' clock (no Date header), assume ours may run up to five minutes ahead of it
        OffsetDateTime started = firstPage ? (page.serverTime() != null ? page.serverTime() : now.minusMinutes(5))
                : s.runStartedAt();
        long runTotal = firstPage && page.count() != null ? page.count() : total;
        long runDone = (firstPage ? 0 : s.runRecordsDone()) + records;
        int pages = (firstPage ? 0 : s.runPagesDone()) + 1;
        long synced = s.recordsSynced() + pageWritten;
        String fingerprint = mapping.fingerprint();
        if (page.nextLink() != null) {
            return new SyncState(s.entity(), s.direction(), kind.label(), page.nextLink(), started, runTotal, runDone, pages,
                    s.watermark(), s.deltaLink(), s.firstSyncCompletedAt(), s.lastRunCompletedAt(), s.lastRunRecords(),
                    synced, s.lastSuccessAt(), s.lastError(), s.lastErrorAt(), fingerprint, s.lastReconciledAt());
        }
        if (kind == Kind.REPLAY) {
            return new SyncState(s.entity(), s.direction(), null, null, s.runStartedAt(), -1, 0, 0, s.watermark(), s.deltaLink(),
                    s.firstSyncCompletedAt(), s.lastRunCompletedAt(), s.lastRunRecords(), synced, now, null, null,
                    s.mappingFingerprint(), s.lastReconciledAt());
        }
        OffsetDateTime watermark = null;
        if (mapping.usesModifiedOnWatermark()) {
            watermark = started.minus(overlap);
            if (s.watermark() != null && s.watermark().isAfter(watermark)) {
                watermark = s.watermark();
            }
        }
        // a read of everything leaves a link to the changes from now on (change tracking)
        String deltaLink = page.deltaLink() != null ? page.deltaLink() : s.deltaLink();
        OffsetDateTime reconciled = findsDeletes() ? now : s.lastReconciledAt();
        return new SyncState(s.entity(), s.direction(), null, null, started, runTotal, runDone, pages,
                kind == Kind.RECONCILE || kind == Kind.DELTA ? s.watermark() : watermark,
                deltaLink, s.firstSyncCompletedAt() != null ? s.firstSyncCompletedAt() : now, now, runDone, synced, now,
                null, null, kind == Kind.RECONCILE ? s.mappingFingerprint() : fingerprint, reconciled);
    }

    /** Called once a page and its checkpoint are committed. */
    void pageCommitted(SyncState committed, boolean firstPage, int records, long pageWritten, long pageUnchanged,
            long pageFailed) {
        if (firstPage) {
            total = committed.runRecordsTotal();
            // the page count stops at 5000, and change tracking gives none: ask for the exact total
            totalWanted = isFullRead() && committed.nextLink() != null && (total >= ODataPage.COUNT_CAP || total < 0);
        }
        state = committed;
        pageUrl = committed.nextLink();
        received += records;
        written += pageWritten;
        unchanged += pageUnchanged;
        failed += pageFailed;
    }
}
