package io.dynsync.store;

import java.time.OffsetDateTime;

/**
 * Where the sync of one entity in one direction stands (a row of {@code sync_state}).
 *
 * @param runKind              kind of the run in progress, null when idle
 * @param nextLink             the page to fetch next, exactly as Dynamics gave it; null when no run is in progress
 * @param runStartedAt         Dynamics' clock when the run (in progress, or last completed) started
 * @param watermark            the next incremental run reads records modified at or after this instant
 * @param firstSyncCompletedAt when the first full copy completed; null until then
 * @param mappingFingerprint   the mapping the last run read with (see {@code EntityMapping.fingerprint()})
 * @param lastReconciledAt     when a full read or an id reconciliation last looked for deletes
 */
public record SyncState(String entity, String direction, String runKind, String nextLink, OffsetDateTime runStartedAt,
        long runRecordsTotal, long runRecordsDone, int runPagesDone, OffsetDateTime watermark, String deltaLink,
        OffsetDateTime firstSyncCompletedAt, OffsetDateTime lastRunCompletedAt, long lastRunRecords, long recordsSynced,
        OffsetDateTime lastSuccessAt, String lastError, OffsetDateTime lastErrorAt, String mappingFingerprint,
        OffsetDateTime lastReconciledAt) {

    public static SyncState initial(String entity, String direction) {
        return new SyncState(entity, direction, null, null, null, -1, 0, 0, null, null, null, null, 0, 0, null, null, null, null, null);
    }

    public boolean runInProgress() {
        return nextLink != null;
    }

    public boolean firstSyncDone() {
        return firstSyncCompletedAt != null;
    }

    /** The same state with the run in progress forgotten (the next cycle starts a new run). */
    public SyncState withoutRun() {
        return new SyncState(entity, direction, null, null, runStartedAt, -1, 0, 0, watermark, deltaLink, firstSyncCompletedAt,
                lastRunCompletedAt, lastRunRecords, recordsSynced, lastSuccessAt, lastError, lastErrorAt, mappingFingerprint,
                lastReconciledAt);
    }

    /** The same state without its change-tracking link: the next run reads everything (and finds deletes). */
    public SyncState withoutDeltaLink() {
        return new SyncState(entity, direction, runKind, nextLink, runStartedAt, runRecordsTotal, runRecordsDone, runPagesDone,
                watermark, null, firstSyncCompletedAt, lastRunCompletedAt, lastRunRecords, recordsSynced, lastSuccessAt,
                lastError, lastErrorAt, mappingFingerprint, lastReconciledAt);
    }

    /** The same state with a failure recorded. */
    public SyncState withError(String message, OffsetDateTime at) {
        return new SyncState(entity, direction, runKind, nextLink, runStartedAt, runRecordsTotal, runRecordsDone, runPagesDone,
                watermark, deltaLink, firstSyncCompletedAt, lastRunCompletedAt, lastRunRecords, recordsSynced, lastSuccessAt,
                message, at, mappingFingerprint, lastReconciledAt);
    }
}
