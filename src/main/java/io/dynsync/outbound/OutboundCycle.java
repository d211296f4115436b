package io.dynsync.outbound;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.dynsync.dynamics.BatchRequest;
import io.dynsync.mapping.EntityMapping;
import io.dynsync.store.PendingPerson;
import io.dynsync.store.PersonChanges;

/**
 * One outbound cycle of one two-way entity: the store's changed persons, oldest change first, sent in
 * batches until none is left (create requests go first in every batch).
 */
public final class OutboundCycle {

    /** What one operation of the write batch does: for one person, or a store delete (person null). */
    record Send(PendingPerson person, Map<String, Object> fields, String body, PersonChanges.StoreDelete delete) {
    }

    private final EntityMapping mapping;
    private final long startNanos = System.nanoTime();
    long lastSeq = -1;
    final Set<Long> secondAttempt = new LinkedHashSet<>();
    final Set<Long> conflicted = new LinkedHashSet<>();
    final Set<Long> attemptedCreates = new java.util.HashSet<>();
    final Set<Long> attemptedDeletes = new java.util.HashSet<>();
    List<PendingPerson> creates = new ArrayList<>();
    List<PendingPerson> updates = new ArrayList<>();
    List<PersonChanges.StoreDelete> deletes = new ArrayList<>();
    List<Send> sends = new ArrayList<>();
    BatchRequest lookups;
    /** What each GET of the lookup batch asks: by create id (mapping null) or by email (the mapping searched). */
    List<EntityMapping> lookupTargets = new ArrayList<>();
    BatchRequest rereads;
    final Map<String, PendingPerson> conflictsByDynamicsId = new HashMap<>();
    int sent;
    int created;
    int linked;
    int conflicts;
    int failed;
    int deleted;
    int deletedInDynamics;
    int batches;

    OutboundCycle(EntityMapping mapping) {
        this.mapping = mapping;
    }

    public EntityMapping mapping() {
        return mapping;
    }

    public String entity() {
        return mapping.entitySet();
    }

    /** Whether the current chunk has persons to handle. */
    public boolean moreWork() {
        return !creates.isEmpty() || !updates.isEmpty() || !deletes.isEmpty() || conflicts();
    }

    /** Whether create requests must first be looked up in Dynamics (by their id and by email). */
    public boolean lookupsNeeded() {
        return !creates.isEmpty();
    }

    /** Whether records must be read again before their persons are (re)tried: a 412, or no etag known. */
    public boolean conflicts() {
        return !conflictsByDynamicsId.isEmpty();
    }

    double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    boolean didSomething() {
        return sent + created + linked + conflicts + failed + deleted + deletedInDynamics > 0;
    }
}
