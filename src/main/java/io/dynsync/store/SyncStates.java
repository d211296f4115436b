package io.dynsync.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import javax.sql.DataSource;

/** Reads and writes {@code sync_state}; writes join the caller's transaction. */
public class SyncStates {

    private static final String COLUMNS = "entity, direction, run_kind, next_link, run_started_at, run_records_total, "
            + "run_records_done, run_pages_done, watermark, delta_link, first_sync_completed_at, last_run_completed_at, "
            + "last_run_records, records_synced, last_success_at, last_error, last_error_at, mapping_fingerprint, last_reconciled_at";

    private final DataSource dataSource;

    public SyncStates(Store store) {
        this.dataSource = store.dataSource();
    }

    public SyncState load(String entity, String direction) {
        try (Connection c = dataSource.getConnection()) {
            return load(c, entity, direction).orElse(SyncState.initial(entity, direction));
        } catch (SQLException e) {
            throw new StoreException("reading sync_state of " + entity, e);
        }
    }

    Optional<SyncState> load(Connection c, String entity, String direction) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM sync_state WHERE entity = ? AND direction = ?")) {
            ps.setString(1, entity);
            ps.setString(2, direction);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    /** Writes the whole row in the caller's transaction (update, or insert the first time). */
    public void save(Connection c, SyncState s) throws SQLException {
        String update = "UPDATE sync_state SET run_kind = ?, next_link = ?, run_started_at = ?, run_records_total = ?, "
                + "run_records_done = ?, run_pages_done = ?, watermark = ?, delta_link = ?, first_sync_completed_at = ?, "
                + "last_run_completed_at = ?, last_run_records = ?, records_synced = ?, last_success_at = ?, last_error = ?, "
                + "last_error_at = ?, mapping_fingerprint = ?, last_reconciled_at = ?, updated_at = ? WHERE entity = ? AND direction = ?";
        try (PreparedStatement ps = c.prepareStatement(update)) {
            int i = bindValues(ps, s, 1);
            ps.setString(i++, s.entity());
            ps.setString(i, s.direction());
            if (ps.executeUpdate() == 1) {
                return;
            }
        }
        String insert = "INSERT INTO sync_state (run_kind, next_link, run_started_at, run_records_total, run_records_done, "
                + "run_pages_done, watermark, delta_link, first_sync_completed_at, last_run_completed_at, last_run_records, "
                + "records_synced, last_success_at, last_error, last_error_at, mapping_fingerprint, last_reconciled_at, updated_at, "
                + "entity, direction) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (PreparedStatement ps = c.prepareStatement(insert)) {
            int i = bindValues(ps, s, 1);
            ps.setString(i++, s.entity());
            ps.setString(i, s.direction());
            ps.executeUpdate();
        }
    }

    /**
     * Records a failed run. Its checkpoint stays, so the next cycle resumes it, unless {@code forgetRun}:
     * then the next cycle starts the run over (for a saved page link that Dynamics now refuses).
     */
    public void recordError(String entity, String direction, String message, boolean forgetRun) {
        recordError(entity, direction, message, forgetRun, false);
    }

    /** As above; {@code forgetDeltaLink} also drops the change-tracking link (it expired). */
    public void recordError(String entity, String direction, String message, boolean forgetRun, boolean forgetDeltaLink) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            SyncState s = load(c, entity, direction).orElse(SyncState.initial(entity, direction));
            if (forgetRun) {
                s = s.withoutRun();
            }
            if (forgetDeltaLink) {
                s = s.withoutDeltaLink();
            }
            save(c, s.withError(message == null ? null : message.substring(0, Math.min(4000, message.length())),
                    OffsetDateTime.now(ZoneOffset.UTC)));
            c.commit();
        } catch (SQLException e) {
            throw new StoreException("writing sync_state of " + entity, e);
        }
    }

    private static int bindValues(PreparedStatement ps, SyncState s, int i) throws SQLException {
        ps.setString(i++, s.runKind());
        ps.setString(i++, s.nextLink());
        ps.setObject(i++, s.runStartedAt());
        ps.setLong(i++, s.runRecordsTotal());
        ps.setLong(i++, s.runRecordsDone());
        ps.setInt(i++, s.runPagesDone());
        ps.setObject(i++, s.watermark());
        ps.setString(i++, s.deltaLink());
        ps.setObject(i++, s.firstSyncCompletedAt());
        ps.setObject(i++, s.lastRunCompletedAt());
        ps.setLong(i++, s.lastRunRecords());
        ps.setLong(i++, s.recordsSynced());
        ps.setObject(i++, s.lastSuccessAt());
        ps.setString(i++, s.lastError());
        ps.setObject(i++, s.lastErrorAt());
        ps.setString(i++, s.mappingFingerprint());
        ps.setObject(i++, s.lastReconciledAt());
        ps.setObject(i++, OffsetDateTime.now(ZoneOffset.UTC));
        return i;
    }

    private static SyncState read(ResultSet rs) throws SQLException {
        return new SyncState(rs.getString("entity"), rs.getString("direction"), rs.getString("run_kind"),
                rs.getString("next_link"), time(rs, "run_started_at"), rs.getLong("run_records_total"),
                rs.getLong("run_records_done"), rs.getInt("run_pages_done"), time(rs, "watermark"), rs.getString("delta_link"),
                time(rs, "first_sync_completed_at"), time(rs, "last_run_completed_at"), rs.getLong("last_run_records"),
                rs.getLong("records_synced"), time(rs, "last_success_at"), rs.getString("last_error"), time(rs, "last_error_at"),
                rs.getString("mapping_fingerprint"), time(rs, "last_reconciled_at"));
    }

    private static OffsetDateTime time(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.withOffsetSameInstant(ZoneOffset.UTC);
    }
}
