package io.dynsync.inbound;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.dynsync.dynamics.ODataPage;
import io.dynsync.mapping.MappedRecord;
import io.dynsync.mapping.RecordFailure;
import io.dynsync.mapping.EntityMapping;
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
    private final PersonRowWriter persons = new PersonRowWriter();
    private final SyncErrors errors = new SyncErrors();
    private final SyncStates states;
    private final Duration overlap;

    /** @param overlapSeconds {@code sync.watermark-overlap-seconds} */
    public PageWriter(Store store, SyncStates states, long overlapSeconds) {
        this.store = store;
        this.states = states;
        if (overlapSeconds < 0) {
            throw new IllegalArgumentException("sync.watermark-overlap-seconds must not be negative (was " + overlapSeconds + ")");
        }
        this.overlap = Duration.ofSeconds(overlapSeconds);
    }

    private record Committed(SyncState checkpoint, RowWriter.Result result) {
    }

    /**
     * @param mapped the page's records after the mapping step: {@link MappedRecord}s, and
     *               {@link RecordFailure}s for records that could not be mapped
     */
    public void write(InboundRun run, ODataPage page, List<?> mapped) {
        List<MappedRecord> records = new ArrayList<>(mapped.size());
        List<RecordFailure> failures = new ArrayList<>();
        for (Object item : mapped) {
            if (item instanceof MappedRecord record) {
                records.add(record);
            } else if (item instanceof RecordFailure failure) {
                failures.add(failure);
            } else if (item != null) {
                throw new IllegalArgumentException("unexpected item " + item.getClass().getName());
            }
        }
        boolean firstPage = !run.state().runInProgress();
        try {
            Committed committed = store.inTransaction(c -> {
                RowWriter.Result result = EntityMapping.TWO_WAY_TABLE.equals(run.mapping().table())
                        ? persons.write(c, run.mapping(), records, run.rewrite())
                        : rows.write(c, run.mapping(), records, run.rewrite());
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
                boolean idle = firstPage && page.nextLink() == null && result.writtenIds().isEmpty() && failures.isEmpty()
                        && !resolvedAny && !run.firstSync()
                        && (run.kind() == InboundRun.Kind.INCREMENTAL || run.kind() == InboundRun.Kind.FULL);
                if (!idle) {
                    states.save(c, checkpoint);
                }
                return new Committed(checkpoint, result);
            });
            SyncState checkpoint = committed.checkpoint();
            RowWriter.Result result = committed.result();
            run.pageCommitted(checkpoint, firstPage, mapped.size(), result.writtenIds().size(), result.unchangedIds().size(),
                    failures.size());
            LOG.debug("{}: page {} committed, {} records ({} written, {} unchanged, {} failed){}", run.entity(),
                    checkpoint.runPagesDone(), mapped.size(), result.writtenIds().size(), result.unchangedIds().size(),
                    failures.size(), checkpoint.nextLink() == null ? ", last page" : "");
        } catch (SQLException e) {
            throw new StoreException("writing a page of " + run.entity(), e);
        }
    }
}
