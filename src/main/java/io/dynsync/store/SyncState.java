package io.dynsync.store;

import java.time.OffsetDateTime;

/**
 * Where the sync of one entity in one direction stands (a row of {@code sync_state}).
 *
 * @param runKind         kind of the run in progress ({@code full}, {@code incremental}), null when idle
 * @param nextLink        the page to fetch next, exactly as Dynamics gave it; null when no run is in progress
 * @param runStartedAt    Dynamics' clock when the run in progress started
 * @param watermark       the next incremental run reads records modified at or after this instant
 * @param firstSyncCompletedAt when the first full copy completed; null until then
 */
public record SyncState(String entity, String direction, String runKind, String nextLink, OffsetDateTime runStartedAt,
        long runRecordsTotal, long runRecordsDone, int runPagesDone, OffsetDateTime watermark, String deltaLink,
        OffsetDateTime firstSyncCompletedAt, OffsetDateTime lastRunCompletedAt, long lastRunRecords, long recordsSynced,
        OffsetDateTime lastSuccessAt, String lastError, OffsetDateTime lastErrorAt) {

    public static SyncState initial(String entity, String direction) {
        return new SyncState(entity, direction, null, null, null, -1, 0, 0, null, null, null, null, 0, 0, null, null, null);
    }

    public boolean runInProgress() {
        return nextLink != null;
    }

    public boolean firstSyncDone() {
        return firstSyncCompletedAt != null;
    }
}
