package io.dynsync.inbound;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import io.dynsync.dynamics.ODataPage;

import io.dynsync.mapping.EntityMapping;
import io.dynsync.store.SyncState;

/**
 * One inbound run of one entity, from its first page to its last: either a full read (the first sync,
 * or a re-read for entities without a watermark) or an incremental read of what changed. A run that
 * was interrupted is resumed from its checkpoint, so it may span several processes.
 */
public final class InboundRun {

    public enum Kind {
        FULL, INCREMENTAL;

        String label() {
            return name().toLowerCase();
        }
    }

    private final EntityMapping mapping;
    private final Kind kind;
    private final boolean firstSync;
    private final boolean resumed;
    private final String prefer;
    private final long startNanos = System.nanoTime();
    private final long doneBefore;
    private SyncState state;
    private String pageUrl;
    private long total;
    private boolean totalWanted;
    private long received;
    private long written;
    private long unchanged;
    private long failed;

    InboundRun(EntityMapping mapping, Kind kind, boolean firstSync, SyncState state, String pageUrl, String prefer) {
        this.mapping = mapping;
        this.kind = kind;
        this.firstSync = firstSync;
        this.state = state;
        this.resumed = state.runInProgress();
        this.pageUrl = pageUrl;
        this.prefer = prefer;
        this.total = resumed ? state.runRecordsTotal() : -1;
        this.doneBefore = resumed ? state.runRecordsDone() : 0;
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

    public boolean resumed() {
        return resumed;
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

    /** True once, after a first page whose count hit Dataverse's cap: ask for the exact total. */
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

    public double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    void totalCounted(long exactTotal) {
        total = exactTotal;
        totalWanted = false;
    }

    /**
     * The checkpoint to commit with a page's rows: where to continue, or, after the last page, the run
     * completed and the watermark moved to the run's start on Dynamics' clock minus the overlap. A
     * record modified while the run was going on is therefore read again by the next run, whatever
     * page it was on.
     */
    SyncState checkpointAfter(ODataPage page, int records, long pageWritten, Duration overlap) {
        SyncState s = state;
        boolean firstPage = !s.runInProgress();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        OffsetDateTime started = firstPage ? (page.serverTime() != null ? page.serverTime() : now) : s.runStartedAt();
        long runTotal = firstPage && page.count() != null ? page.count() : total;
        long runDone = (firstPage ? 0 : s.runRecordsDone()) + records;
        int pages = (firstPage ? 0 : s.runPagesDone()) + 1;
        long synced = s.recordsSynced() + pageWritten;
        if (page.nextLink() != null) {
            return new SyncState(s.entity(), s.direction(), kind.label(), page.nextLink(), started, runTotal, runDone, pages,
                    s.watermark(), s.deltaLink(), s.firstSyncCompletedAt(), s.lastRunCompletedAt(), s.lastRunRecords(),
                    synced, s.lastSuccessAt(), s.lastError(), s.lastErrorAt());
        }
        OffsetDateTime watermark = null;
        if (mapping.usesModifiedOnWatermark()) {
            watermark = started.minus(overlap);
            if (s.watermark() != null && s.watermark().isAfter(watermark)) {
                watermark = s.watermark();
            }
        }
        return new SyncState(s.entity(), s.direction(), null, null, started, runTotal, runDone, pages, watermark,
                s.deltaLink(), s.firstSyncCompletedAt() != null ? s.firstSyncCompletedAt() : now, now, runDone, synced, now,
                null, null);
    }

    /** Called once a page and its checkpoint are committed. */
    void pageCommitted(SyncState committed, boolean firstPage, int records, long pageWritten, long pageUnchanged,
            long pageFailed) {
        if (firstPage) {
            total = committed.runRecordsTotal();
            totalWanted = kind == Kind.FULL && committed.nextLink() != null && total >= ODataPage.COUNT_CAP;
        }
        state = committed;
        pageUrl = committed.nextLink();
        received += records;
        written += pageWritten;
        unchanged += pageUnchanged;
        failed += pageFailed;
    }
}
