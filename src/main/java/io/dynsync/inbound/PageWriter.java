package io.dynsync.inbound;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.dynsync.dynamics.ODataPage;
import io.dynsync.mapping.DeletedRecord;
import io.dynsync.mapping.MappedRecord;
import io.dynsync.mapping.RecordFailure;
import io.dynsync.mapping.EntityMapping;
import io.dynsync.store.DeletedRows;
import io.dynsync.store.PersonRowWriter;
import io.dynsync.store.RowWriter;
import io.dynsync.store.Store;
import io.dynsync.store.StoreException;
import io.dynsync.store.SyncErrors;
import io.dynsync.store.SyncState;
import io.dynsync.store.SyncStates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits one inbound page: its rows, its failed records and the run's checkpoint, in one
 * transaction. A crash before the commit leaves the previous checkpoint, and the page is read again;
 * a crash after it resumes with the next page. Nothing is lost and, the writes being keyed upserts,
 * nothing is duplicated.
 */
public class PageWriter {

    private static final Logger LOG = LoggerFactory.getLogger(PageWriter.class);
    static final String DIRECTION = "inbound";

    private final Store store;
    private final RowWriter rows = new RowWriter();
    private final DeletedRows deletedRows = new DeletedRows();
    private final PersonRowWriter persons = new PersonRowWriter();
    private final SyncErrors errors = new SyncErrors();
    private final SyncStates states;
    private final Duration overlap;
    private final boolean erasePersons;

    /**
     * @param overlapSeconds   {@code sync.watermark-overlap-seconds}
     * @param erasePersons     {@code sync.persons.on-dynamics-delete=erase}: persons deleted in Dynamics are erased
     */
    public PageWriter(Store store, SyncStates states, long overlapSeconds, String personsOnDelete) {
        this.erasePersons = EntityMapping.ON_DELETE_ERASE.equals(personsOnDelete);
        this.store = store;
        this.states = states;
        if (overlapSeconds < 0) {
            throw new IllegalArgumentException("sync.watermark-overlap-seconds must not be negative (was " + overlapSeconds + ")");
        }
        this.overlap = Duration.ofSeconds(overlapSeconds);
    }

    /**
     * An idle change-tracking read keeps the link it came with while that link is recent (saving the new
     * one would be a write every cycle); an hour later it saves the new one, long before links expire.
     */
    private static boolean freshEnough(SyncState state) {
        return state.lastRunCompletedAt() != null
                && state.lastRunCompletedAt().isAfter(java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusHours(1));
    }

    /** The delete policy of an entity: its mapping's onDelete, persons by default the persons setting. */
    private boolean erase(EntityMapping mapping) {
        if (mapping.onDelete() != null) {
            return EntityMapping.ON_DELETE_ERASE.equals(mapping.onDelete());
        }
        return EntityMapping.TWO_WAY_TABLE.equals(mapping.table()) && erasePersons;
    }

    private record Committed(SyncState checkpoint, RowWriter.Result result, int deleted) {
    }

    /**
     * @param mapped the page's records after the mapping step: {@link MappedRecord}s,
     *               {@link DeletedRecord}s (change-tracking tombstones), and {@link RecordFailure}s for
     *               records that could not be mapped
     */
    public void write(InboundRun run, ODataPage page, List<?> mapped) {
        List<MappedRecord> records = new ArrayList<>(mapped.size());
        List<RecordFailure> failures = new ArrayList<>();
        List<String> deletes = new ArrayList<>();
        for (Object item : mapped) {
            if (item instanceof MappedRecord record) {
                records.add(record);
            } else if (item instanceof RecordFailure failure) {
                failures.add(failure);
            } else if (item instanceof DeletedRecord deleted) {
                deletes.add(deleted.dynamicsId());
            } else if (item != null) {
                throw new IllegalArgumentException("unexpected item " + item.getClass().getName());
            }
        }
        boolean firstPage = !run.state().runInProgress();
        EntityMapping mapping = run.mapping();
        try {
            Committed committed = store.inTransaction(c -> {
                RowWriter.Result result = run.idsOnly() ? new RowWriter.Result(List.of(), List.of(), List.of())
                        : EntityMapping.TWO_WAY_TABLE.equals(mapping.table())
                        ? persons.write(c, mapping, records, run.rewrite())
                        : rows.write(c, mapping, records, run.rewrite());
                int deleted = deletes.isEmpty() ? 0 : deletedRows.apply(c, mapping, deletes, erase(mapping));
                if (run.findsDeletes()) {
                    List<String> seen = new ArrayList<>(records.stream().map(MappedRecord::dynamicsId).toList());
                    failures.stream().map(RecordFailure::dynamicsId).filter(java.util.Objects::nonNull).forEach(seen::add);
                    if (firstPage && page.nextLink() != null) {
                        deletedRows.startSeeing(c, mapping.entitySet());
                    }
                    if (page.nextLink() == null) {
                        List<String> gone = firstPage
                                ? deletedRows.reconcileOnePage(c, mapping, seen, erase(mapping), run.linkedBefore())
                                : deletedRows.reconcile(c, mapping, seen, erase(mapping), run.linkedBefore());
                        deleted += gone.size();
                        if (!gone.isEmpty()) {
                            LOG.info("{}: {} record(s) no longer in Dynamics, {}", run.entity(), gone.size(),
                                    erase(mapping) ? "erased" : "flagged dynamics_deleted");
                        }
                    } else {
                        deletedRows.seen(c, mapping.entitySet(), seen);
                    }
                }
                failures.addAll(result.failures());
                for (RecordFailure failure : failures) {
                    errors.record(c, run.entity(), DIRECTION, failure);
                }
                boolean resolvedAny = false;
                if (errors.anyOpen(c, run.entity(), DIRECTION)) {
                    resolvedAny = true;
                    // the store now holds these records as Dynamics has them: their old errors are over
                    Set<String> synced = new HashSet<>(result.writtenIds());
                    synced.addAll(result.unchangedIds());
                    Set<String> seen = run.seen(records.stream().map(MappedRecord::dynamicsId).toList());
                    failures.forEach(f -> seen.add(f.dynamicsId()));
                    if (run.kind() == InboundRun.Kind.REPLAY && page.nextLink() == null) {
                        // asked for by id and not returned: no longer in Dynamics (or no longer readable)
                        run.replayIds().stream().filter(id -> !seen.contains(id)).forEach(synced::add);
                    }
                    errors.resolve(c, run.entity(), DIRECTION, synced);
                }
                SyncState checkpoint = run.checkpointAfter(page, mapped.size(), result.writtenIds().size(), overlap);
                // an idle cycle (one page, nothing written) leaves the store alone, checkpoint included: the
                // old watermark is as safe as a new one, it only re-reads a little more next time
                // (a re-read of a set without watermark, or a change-tracking read, also keeps its older link
                // or reconcile time while that is recent)
                boolean idle = firstPage && page.nextLink() == null && result.writtenIds().isEmpty() && failures.isEmpty()
                        && deleted == 0 && !resolvedAny && !run.firstSync()
                        && (run.kind() == InboundRun.Kind.INCREMENTAL
                                || run.kind() == InboundRun.Kind.DELTA && freshEnough(run.state())
                                || run.kind() == InboundRun.Kind.FULL && freshEnough(run.state())
                                        && java.util.Objects.equals(checkpoint.deltaLink(), run.state().deltaLink()));
                if (!idle) {
                    states.save(c, checkpoint);
                }
                return new Committed(checkpoint, result, deleted);
            });
            SyncState checkpoint = committed.checkpoint();
            RowWriter.Result result = committed.result();
            run.pageCommitted(checkpoint, firstPage, mapped.size(), result.writtenIds().size(), result.unchangedIds().size(),
                    failures.size());
            run.deleted(committed.deleted());
            LOG.debug("{}: page {} committed, {} records ({} written, {} unchanged, {} failed){}", run.entity(),
                    checkpoint.runPagesDone(), mapped.size(), result.writtenIds().size(), result.unchangedIds().size(),
                    failures.size(), checkpoint.nextLink() == null ? ", last page" : "");
        } catch (SQLException e) {
            throw new StoreException("writing a page of " + run.entity(), e);
        }
    }
}
