package io.dynsync.emulator;

import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * All tables' rows, keyed in primary-key order. Reads are lock-free over concurrent skip lists of immutable
 * rows (the sync reads several sets in parallel while a test writes); writes take one lock because
 * conditional writes (If-Match, If-None-Match, upsert) are check-then-act and versionnumber must be
 * strictly increasing across all tables, as Dataverse's rowversion is.
 *
 * <p>{@link #transaction} groups writes atomically (a $batch change set, a domain action, a write and its
 * plug-in hooks): it keeps the write lock for the whole group, so no other writer interleaves, and an
 * {@link UndoLog} puts back the exact previous rows if the group fails. Readers are not blocked and may see
 * a group's rows before it finishes (the emulator has no read isolation).
 *
 * <p>Every write names the systemuser acting ({@code actorId}), stamped into createdby/modifiedby. A delete takes
 * a version too and leaves a tombstone in the {@link ChangeLog}, so change tracking can report it.
 */
final class RecordStore {
    /** First versionnumber handed out; any value works, a large one looks like a real org's. */
    static final long FIRST_VERSION = 1_000_000L;

    private final Schema schema;
    private final EmulatorClock clock;
    private final AtomicLong versions = new AtomicLong(FIRST_VERSION);
    private final Map<String, ConcurrentSkipListMap<String, Row>> tables = new LinkedHashMap<>();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ChangeLog changes = new ChangeLog();
    /** The innermost open transaction's undo log; guarded by {@link #writeLock}. */
    private UndoLog undo;

    /** Outcome of an upsert: Dataverse answers 201 for a create and 200 for an update (with representation). */
    record WriteResult(Row row, boolean created) {
    }

    RecordStore(Schema schema, EmulatorClock clock) {
        this.schema = schema;
        this.clock = clock;
        for (EntityDef def : schema.all()) {
            tables.put(def.entitySet, new ConcurrentSkipListMap<>());
        }
    }

    Schema schema() {
        return schema;
    }

    EmulatorClock clock() {
        return clock;
    }

    /** Read-only view in primary-key order; iteration is weakly consistent and never blocks writers. */
    NavigableMap<String, Row> rows(EntityDef def) {
        return Collections.unmodifiableNavigableMap(tables.get(def.entitySet));
    }

    Row get(EntityDef def, String id) {
        return tables.get(def.entitySet).get(Guids.sortKey(id));
    }

    int count(EntityDef def) {
        return tables.get(def.entitySet).size();
    }

    long nextVersion() {
        return versions.incrementAndGet();
    }

    /** The highest version handed out so far: every change at or below it is in the tables or the change log. */
    long currentVersion() {
        return versions.get();
    }

    ChangeLog changeLog() {
        return changes;
    }

    /**
     * Runs a read while no write is in progress, so it sees whole transactions only. Change tracking reads its
     * delta pages this way: a row a running transaction touched would otherwise be invisible at its old version
     * and, if the transaction rolled back, never reported.
     */
    <T> T consistentRead(Supplier<T> read) {
        writeLock.lock();
        try {
            return read.get();
        } finally {
            writeLock.unlock();
        }
    }

    /** The primary name of a lookup's target, for the FormattedValue annotation; null if it is gone. */
    String primaryNameOf(Ref ref) {
        EntityDef target = schema.byLogicalName(ref.logicalName());
        if (target == null || target.primaryName == null) {
            return null;
        }
        Row row = get(target, ref.id());
        return row == null ? null : (String) row.get(target.attributeByLogicalName(target.primaryName));
    }

    boolean exists(String logicalName, String id) {
        EntityDef def = schema.byLogicalName(logicalName);
        return def != null && get(def, id) != null;
    }

    /**
     * Runs {@code work} atomically: other writers wait until it ends, and if it throws, every row it wrote is
     * restored exactly as it was before (nested calls roll back only their own writes unless the outer one
     * fails too). The work must not wait for another thread that writes, or both wait forever.
     */
    <T> T transaction(Supplier<T> work) {
        writeLock.lock();
        UndoLog parent = undo;
        UndoLog mine = new UndoLog();
        undo = mine;
        try {
            T result = work.get();
            if (parent != null) {
                parent.adopt(mine);
            }
            return result;
        } catch (RuntimeException | Error e) {
            mine.rollback();
            throw e;
        } finally {
            undo = parent;
            writeLock.unlock();
        }
    }

    /** POST: creates a row (id chosen by the client or generated); an existing id is a duplicate. */
    Row create(EntityDef def, String id, Map<AttributeDef, Object> values, String actorId) {
        writeLock.lock();
        try {
            String newId = id != null ? id : UUID.randomUUID().toString();
            if (get(def, newId) != null) {
                throw duplicate();
            }
            return insert(def, newId, values, actorId);
        } finally {
            writeLock.unlock();
        }
    }

    /** PATCH: update, or create when missing unless the precondition forbids it. */
    WriteResult upsert(EntityDef def, String id, Map<AttributeDef, Object> values, Precondition pre, String actorId) {
        writeLock.lock();
        try {
            Row existing = get(def, id);
            if (existing == null) {
                if (pre.mustExist()) {
                    throw DataverseError.recordNotFound(def, id);
                }
                return new WriteResult(insert(def, id, values, actorId), true);
            }
            if (pre.mustNotExist()) {
                throw duplicate();
            }
            checkVersion(def, existing, pre);
            return new WriteResult(replace(def, existing, values, actorId), false);
        } finally {
            writeLock.unlock();
        }
    }

    /** Update of an existing row only (Java API, domain actions). */
    Row update(EntityDef def, String id, Map<AttributeDef, Object> values, String actorId) {
        return upsert(def, id, values, new Precondition(true, false, null), actorId).row();
    }

    void delete(EntityDef def, String id, Precondition pre) {
        writeLock.lock();
        try {
            Row existing = get(def, id);
            if (existing == null) {
                throw DataverseError.recordNotFound(def, id);
            }
            checkVersion(def, existing, pre);
            write(def, existing.key, null);
            ChangeLog.Tombstone t = changes.deleted(def.entitySet, existing.id, nextVersion(), clock.now());
            if (undo != null) {
                undo.recordUndo(() -> changes.withdraw(def.entitySet, t));
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** Bulk load for the seed generator: rows arrive complete (stamps and versions set by the caller). */
    void load(EntityDef def, Collection<Row> rows) {
        writeLock.lock();
        try {
            ConcurrentSkipListMap<String, Row> table = tables.get(def.entitySet);
            for (Row r : rows) {
                table.put(r.key, r);
            }
        } finally {
            writeLock.unlock();
        }
    }

    private void checkVersion(EntityDef def, Row existing, Precondition pre) {
        if (pre.version() != null && pre.version() != existing.version(def)) {
            throw new DataverseError(412, DataverseError.VERSION_MISMATCH,
                    "The version of the existing record doesn't match the RowVersion property provided.");
        }
    }

    private static DataverseError duplicate() {
        return new DataverseError(412, DataverseError.DUPLICATE_RECORD,
                "A record with matching key values already exists.");
    }

    private Row insert(EntityDef def, String id, Map<AttributeDef, Object> values, String actorId) {
        Object[] v = new Object[def.width()];
        for (AttributeDef a : def.attributes) {
            v[a.index()] = a.defaultValue();
        }
        v[0] = id;
        values.forEach((a, value) -> v[a.index()] = value);
        Instant now = clock.now();
        stamp(def, v, Schema.CREATEDON, now);
        stamp(def, v, Schema.CREATEDBY, BuiltInUsers.ref(actorId));
        return store(def, v, now, actorId);
    }

    private Row replace(EntityDef def, Row existing, Map<AttributeDef, Object> values, String actorId) {
        Object[] v = existing.copyValues();
        values.forEach((a, value) -> v[a.index()] = value);
        return store(def, v, clock.now(), actorId);
    }

    private Row store(EntityDef def, Object[] v, Instant now, String actorId) {
        if (def.derivesFullName) {
            v[def.attributeByLogicalName("fullname").index()] = fullName(
                    (String) v[def.attributeByLogicalName("firstname").index()],
                    (String) v[def.attributeByLogicalName("lastname").index()]);
        }
        stamp(def, v, Schema.MODIFIEDON, now);
        stamp(def, v, Schema.MODIFIEDBY, BuiltInUsers.ref(actorId));
        stamp(def, v, Schema.VERSIONNUMBER, nextVersion());
        Row row = new Row((String) v[0], v);
        write(def, row.key, row);
        return row;
    }

    /** Every change of a table goes through here, so an open transaction can undo it; null removes. */
    private void write(EntityDef def, String key, Row row) {
        ConcurrentSkipListMap<String, Row> table = tables.get(def.entitySet);
        Row before = row == null ? table.remove(key) : table.put(key, row);
        if (undo != null) {
            undo.recordBefore(table, key, before);
        }
    }

    private static void stamp(EntityDef def, Object[] v, String column, Object value) {
        AttributeDef a = def.attributeByLogicalName(column);
        if (a != null) {
            v[a.index()] = value;
        }
    }

    /** Dataverse's default full-name format, "First Last". */
    static String fullName(String first, String last) {
        String f = first == null ? "" : first.trim();
        String l = last == null ? "" : last.trim();
        String full = (f + " " + l).trim();
        return full.isEmpty() ? null : full;
    }
}
