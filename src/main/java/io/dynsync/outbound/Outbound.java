package io.dynsync.outbound;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dynsync.CycleCounter;
import io.dynsync.dynamics.BatchOperation;
import io.dynsync.dynamics.BatchRequest;
import io.dynsync.dynamics.BatchResponse;
import io.dynsync.dynamics.InboundQuery;
import io.dynsync.mapping.EntityMapping;
import io.dynsync.mapping.FieldMapping;
import io.dynsync.mapping.MappedRecord;
import io.dynsync.mapping.MappingCatalog;
import io.dynsync.mapping.RecordMapper;
import io.dynsync.mapping.TwoWayMerge;
import io.dynsync.store.PendingPerson;
import io.dynsync.store.PersonChanges;
import io.dynsync.store.PersonRowWriter;
import io.dynsync.store.RowWriter;
import io.dynsync.store.Store;
import io.dynsync.store.StoreException;
import io.dynsync.store.SyncErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The building blocks of the outbound route: which persons to send, the {@code $batch} to send them in,
 * and what their answers mean for the store (new etag and baseline, conflict, delete, or sync error).
 */
public class Outbound {

    private static final Logger LOG = LoggerFactory.getLogger(Outbound.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String DIRECTION = "outbound";
    /** The persons column whose value identifies an existing lead or contact for a create request. */
    static final String MATCH_COLUMN = "email";

    private final MappingCatalog mappings;
    private final Store store;
    private final InboundQuery query;
    private final RecordMapper mapper;
    private final PersonChanges changes = new PersonChanges();
    private final PersonRowWriter persons = new PersonRowWriter();
    private final SyncErrors errors = new SyncErrors();
    private final int batchSize;
    private final Duration retryBase;
    private final boolean eraseOnDynamicsDelete;
    private final boolean deleteOnStoreDelete;
    private final CycleCounter cycles = new CycleCounter();
    private final Set<String> lastFailed = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * @param batchSize        {@code sync.outbound.batch-size}: operations per $batch (at most 1000)
     * @param retryBaseSeconds {@code sync.errors.retry-base-seconds}
     * @param onDynamicsDelete {@code sync.persons.on-dynamics-delete}: flag (default) or erase the store person
     * @param onStoreDelete    {@code sync.persons.on-store-delete}: keep (default) or delete the Dynamics record
     */
    public Outbound(MappingCatalog mappings, Store store, InboundQuery query, RecordMapper mapper, int batchSize,
            long retryBaseSeconds, String onDynamicsDelete, String onStoreDelete) {
        if (!"flag".equals(onDynamicsDelete) && !"erase".equals(onDynamicsDelete)) {
            throw new IllegalArgumentException("sync.persons.on-dynamics-delete must be flag or erase (was '" + onDynamicsDelete + "')");
        }
        if (!"keep".equals(onStoreDelete) && !"delete".equals(onStoreDelete)) {
            throw new IllegalArgumentException("sync.persons.on-store-delete must be keep or delete (was '" + onStoreDelete + "')");
        }
        this.eraseOnDynamicsDelete = "erase".equals(onDynamicsDelete);
        this.deleteOnStoreDelete = "delete".equals(onStoreDelete);
        if (batchSize < 1 || batchSize > 1000) {
            throw new IllegalArgumentException("sync.outbound.batch-size must be between 1 and 1000 (was " + batchSize + ")");
        }
        this.mappings = mappings;
        this.store = store;
        this.query = query;
        this.mapper = mapper;
        this.batchSize = batchSize;
        this.retryBase = Duration.ofSeconds(retryBaseSeconds);
    }

    /** Begins a cycle: the first batch of changed persons (and create requests). */
    public OutboundCycle start(String entitySet) {
        OutboundCycle cycle = new OutboundCycle(mappings.get(entitySet));
        if (cycle.mapping().createOnRequest()) {
            int revived = inTransaction(changes::reviveDeleted);
            if (revived > 0) {
                LOG.info("{}: {} person(s) whose record Dynamics deleted asked to sync again: they become new leads",
                        entitySet, revived);
            }
        }
        nextChunk(cycle);
        return cycle;
    }

    /** Moves on to the next batch of persons. */
    public void advance(OutboundCycle cycle) {
        nextChunk(cycle);
    }

    /**
     * The next chunk: store deletes, create requests and changed persons, together at most one batch
     * (Dataverse refuses a $batch of more than 1,000 operations). Chunks whose persons turn out to have
     * nothing to send are skipped.
     */
    private void nextChunk(OutboundCycle cycle) {
        EntityMapping mapping = cycle.mapping();
        boolean skippedOnly;
        do {
            skippedOnly = inTransaction(c -> {
                int budget = batchSize;
                // persons deleted in the store: their Dynamics records are deleted only when configured
                cycle.deletes = new ArrayList<>();
                for (PersonChanges.StoreDelete delete : changes.storeDeletes(c, mapping, budget)) {
                    if (!cycle.attemptedDeletes.add(delete.id())) {
                        continue; // tried in this cycle already; the next cycle tries again
                    }
                    if (deleteOnStoreDelete && !delete.excluded()) {
                        cycle.deletes.add(delete);
                    } else {
                        changes.forget(c, delete);
                    }
                }
                budget -= cycle.deletes.size();
                List<PendingPerson> requests = mapping.createOnRequest() && budget > 0
                        ? changes.createRequests(c, mapping, budget) : List.of();
                // each request once per cycle, whatever became of it
                requests = requests.stream().filter(p -> cycle.attemptedCreates.add(p.id())).toList();
                cycle.creates = changes.assignCreateIds(c, requests);
                budget -= cycle.creates.size();
                List<PendingPerson> candidates;
                if (!cycle.secondAttempt.isEmpty()) {
                    candidates = changes.changedAmong(c, mapping, List.copyOf(cycle.secondAttempt));
                    cycle.conflicted.addAll(cycle.secondAttempt);
                    cycle.secondAttempt.clear();
                } else if (budget > 0) {
                    candidates = changes.changed(c, mapping, cycle.lastSeq, budget);
                    candidates.forEach(p -> cycle.lastSeq = Math.max(cycle.lastSeq, p.changeSeq()));
                } else {
                    candidates = List.of();
                }
                cycle.updates = new ArrayList<>();
                List<String> caughtUp = new ArrayList<>();
                for (PendingPerson person : candidates) {
                    if (TwoWayMerge.outboundChanges(mapping, person.values(), person.baseline()).isEmpty()) {
                        changes.nothingToSend(c, person);
                        caughtUp.add(String.valueOf(person.id()));
                    } else if (person.etag() == null) {
                        // no etag to send If-Match with: read the record first, as after a 412
                        cycle.conflictsByDynamicsId.put(person.dynamicsId(), person);
                    } else {
                        cycle.updates.add(person);
                    }
                }
                resolve(c, cycle, caughtUp);
                return !candidates.isEmpty() && !cycle.moreWork();
            });
        } while (skippedOnly);
    }

    private void resolve(Connection c, OutboundCycle cycle, List<String> personIds) throws SQLException {
        if (!personIds.isEmpty() && errors.anyOpen(c, cycle.entity(), DIRECTION)) {
            errors.resolve(c, cycle.entity(), DIRECTION, personIds);
        }
    }

    /** Finds create requests in Dynamics: by the id chosen for them (a create a crash interrupted), then by email. */
    public BatchRequest lookupBatch(OutboundCycle cycle) {
        BatchRequest batch = new BatchRequest(query.apiRoot());
        cycle.lookupTargets = new ArrayList<>();
        EntityMapping mapping = cycle.mapping();
        for (List<String> ids : chunks(cycle.creates.stream().map(PendingPerson::createId).toList())) {
            batch.add(get(query.byIds(mapping, ids), mapping));
            cycle.lookupTargets.add(null);
        }
        List<String> emails = cycle.creates.stream().map(p -> p.values().get(MATCH_COLUMN))
                .filter(e -> e != null && !e.toString().isBlank()).map(Object::toString).distinct().toList();
        for (EntityMapping persons : personMappings()) {
            String attribute = matchAttribute(persons);
            if (attribute != null) {
                for (List<String> chunk : chunks(emails)) {
                    batch.add(get(query.byValues(persons, attribute, chunk), persons));
                    cycle.lookupTargets.add(persons);
                }
            }
        }
        cycle.lookups = batch;
        cycle.batches++;
        return batch;
    }

    /**
     * Links create requests found in Dynamics; the others will be created. If any lookup failed, nothing
     * is created in this chunk: a record that could not be searched may exist.
     */
    public void lookedUp(OutboundCycle cycle, InputStream body, String contentType) throws IOException {
        BatchResponse answers = BatchResponse.parse(body, contentType, cycle.lookups.size());
        for (int i = 0; i < cycle.lookups.size(); i++) {
            BatchResponse.Answer answer = answers.answer(i);
            if (answer == null || !answer.ok()) {
                LOG.warn("{}: looking up {} create request(s) failed ({}); they wait for the next cycle", cycle.entity(),
                        cycle.creates.size(), answer == null ? "no answer" : errorMessage(answer));
                cycle.creates = new ArrayList<>();
                return;
            }
        }
        EntityMapping mapping = cycle.mapping();
        Map<String, JsonNode> byId = new HashMap<>();
        // contacts before leads: a person who is already a contact is linked to the contact
        Map<String, Map.Entry<EntityMapping, JsonNode>> byEmail = new HashMap<>();
        for (int i = 0; i < cycle.lookups.size(); i++) {
            EntityMapping target = cycle.lookupTargets.get(i);
            for (JsonNode record : records(answers.answer(i))) {
                if (target == null) {
                    byId.put(record.path(mapping.primaryKey()).asText().toLowerCase(Locale.ROOT), record);
                    continue;
                }
                String email = record.path(matchAttribute(target)).asText("").toLowerCase(Locale.ROOT);
                Map.Entry<EntityMapping, JsonNode> known = byEmail.get(email);
                if (!email.isEmpty() && (known == null
                        || "contact".equals(target.dynamicsType()) && !"contact".equals(known.getKey().dynamicsType()))) {
                    byEmail.put(email, Map.entry(target, record));
                }
            }
        }
        inTransaction(c -> {
            PersonRowWriter.lockPersons(c);
            List<PendingPerson> toCreate = new ArrayList<>();
            java.util.Set<String> creatingEmails = new java.util.HashSet<>();
            for (PendingPerson person : cycle.creates) {
                JsonNode ours = byId.get(person.createId());
                Object email = person.values().get(MATCH_COLUMN);
                String emailKey = email == null || email.toString().isBlank() ? null : email.toString().toLowerCase(Locale.ROOT);
                Map.Entry<EntityMapping, JsonNode> match = emailKey == null ? null : byEmail.get(emailKey);
                try {
                    if (ours != null) {
                        link(c, mapping, ours);
                        resolve(c, cycle, List.of(String.valueOf(person.id())));
                        cycle.created++;
                    } else if (match != null) {
                        linkByEmail(c, cycle, person, match.getKey(), match.getValue());
                    } else if (emailKey != null && !creatingEmails.add(emailKey)) {
                        continue; // the same email twice in one chunk: the second links to the first next cycle
                    } else {
                        toCreate.add(person);
                    }
                } catch (RuntimeException e) {
                    errors.recordOutbound(c, cycle.entity(), person.id(), null, "MAPPING", String.valueOf(e.getMessage()),
                            String.valueOf(ours != null ? ours : match.getValue()), retryBase);
                    cycle.failed++;
                }
            }
            cycle.creates = toCreate;
            return null;
        });
    }

    private void linkByEmail(Connection c, OutboundCycle cycle, PendingPerson person, EntityMapping target, JsonNode record)
            throws SQLException {
        String recordId = record.path(target.primaryKey()).asText().toLowerCase(Locale.ROOT);
        java.util.Optional<Long> other = changes.linkedPerson(c, recordId);
        RowWriter.Result result = null;
        if (other.isEmpty()) {
            changes.linkTo(c, person, recordId);
            result = link(c, target, record);
        }
        if (other.isPresent() || !result.failures().isEmpty()) {
            // Dynamics has this person already, as another store person's record: creating it again would
            // be the duplicate Marketo users complain of, so the operator decides
            errors.recordOutbound(c, cycle.entity(), person.id(), recordId, "DUPLICATE",
                    "not created: the " + target.dynamicsType() + " " + recordId + " has this email and is linked to "
                            + (other.isPresent() ? "person " + other.get() : "another person: " + result.failures().get(0).message()),
                    String.valueOf(record), retryBase);
            cycle.failed++;
        } else {
            LOG.info("{}: person {} linked to the existing {} {} (same email)", cycle.entity(), person.id(),
                    target.dynamicsType(), recordId);
            resolve(c, cycle, List.of(String.valueOf(person.id())));
            cycle.linked++;
        }
    }

    private RowWriter.Result link(Connection c, EntityMapping mapping, JsonNode record) throws SQLException {
        MappedRecord mapped = mapper.map(mapping.entitySet(), record);
        return persons.write(c, mapping, List.of(mapped), true);
    }

    /** The creates, store deletes and changed fields of the chunk, each in a change set of its own; null when none. */
    public BatchRequest writeBatch(OutboundCycle cycle) {
        EntityMapping mapping = cycle.mapping();
        BatchRequest batch = new BatchRequest(query.apiRoot());
        cycle.sends = new ArrayList<>();
        List<RecordFailureOf> unmappable = new ArrayList<>();
        for (PendingPerson person : cycle.creates) {
            Map<String, Object> fields = new LinkedHashMap<>();
            for (FieldMapping field : mapping.outboundFields()) {
                Object value = person.values().get(field.to());
                if (TwoWayMerge.key(value) != null) {
                    fields.put(field.to(), value);
                }
            }
            fields = canonicalLookups(mapping, fields);
            try {
                ObjectNode body = body(mapping, fields);
                body.put(mapping.primaryKey(), person.createId());
                batch.add(new BatchOperation("POST", mapping.entitySet() + "?$select=modifiedon",
                        Map.of("Prefer", "return=representation"), body.toString()));
                cycle.sends.add(new OutboundCycle.Send(person, fields, body.toString(), null));
            } catch (IllegalArgumentException e) {
                unmappable.add(new RecordFailureOf(person, e.getMessage(), fields.toString()));
            }
        }
        for (PersonChanges.StoreDelete delete : cycle.deletes) {
            batch.add(new BatchOperation("DELETE", mapping.entitySet() + "(" + delete.dynamicsId() + ")", Map.of(), null));
            cycle.sends.add(new OutboundCycle.Send(null, Map.of(), null, delete));
        }
        for (PendingPerson person : cycle.updates) {
            Map<String, Object> fields = canonicalLookups(mapping,
                    TwoWayMerge.outboundChanges(mapping, person.values(), person.baseline()));
            try {
                String body = body(mapping, fields).toString();
                batch.add(new BatchOperation("PATCH", mapping.entitySet() + "(" + person.dynamicsId() + ")?$select=modifiedon",
                        Map.of("Prefer", "return=representation", "If-Match", person.etag()), body));
                cycle.sends.add(new OutboundCycle.Send(person, fields, body, null));
            } catch (IllegalArgumentException e) {
                unmappable.add(new RecordFailureOf(person, e.getMessage(), fields.toString()));
            }
        }
        Map<Long, Map<String, String>> inFlight = new LinkedHashMap<>();
        for (OutboundCycle.Send send : cycle.sends) {
            if (send.person() != null) {
                Map<String, String> values = new LinkedHashMap<>();
                send.fields().forEach((column, value) -> values.put(column, TwoWayMerge.key(value)));
                inFlight.put(send.person().id(), values);
            }
        }
        inTransaction(c -> {
            // a value with no Dynamics form (e.g. no entry in the field's values) fails its person, not the batch
            for (RecordFailureOf failure : unmappable) {
                errors.recordOutbound(c, cycle.entity(), failure.person().id(), failure.person().dynamicsId(), "MAPPING",
                        failure.message(), failure.payload(), retryBase);
                cycle.failed++;
            }
            changes.sending(c, inFlight);
            return null;
        });
        if (batch.isEmpty()) {
            return null;
        }
        cycle.batches++;
        return batch;
    }

    private record RecordFailureOf(PendingPerson person, String message, String payload) {
    }

    /**
     * Lookup values as Dynamics gives them back (a lower-case id, no spaces), so that what is sent, its
     * baseline and the store agree with what the next read brings, and the store joins on them.
     */
    private static Map<String, Object> canonicalLookups(EntityMapping mapping, Map<String, Object> fields) {
        Map<String, Object> canonical = new LinkedHashMap<>(fields);
        for (FieldMapping field : mapping.outboundFields()) {
            if (field.bind() != null && canonical.get(field.to()) instanceof String id) {
                canonical.put(field.to(), id.isBlank() ? null : id.trim().toLowerCase(Locale.ROOT));
            }
        }
        return canonical;
    }

    /** Records what Dynamics answered to each operation. */
    public void written(OutboundCycle cycle, InputStream body, String contentType) throws IOException {
        BatchResponse answers = BatchResponse.parse(body, contentType, cycle.sends.size());
        EntityMapping mapping = cycle.mapping();
        inTransaction(c -> {
            List<String> resolved = new ArrayList<>();
            for (int i = 0; i < cycle.sends.size(); i++) {
                OutboundCycle.Send send = cycle.sends.get(i);
                PendingPerson person = send.person();
                BatchResponse.Answer answer = answers.answer(i);
                if (send.delete() != null) {
                    if (answer != null && (answer.ok() || answer.status() == 404)) {
                        changes.forget(c, send.delete());
                        cycle.deleted++;
                    } else if (answer != null) {
                        LOG.warn("{}: deleting {} (deleted in the store) failed: {}", cycle.entity(), send.delete().dynamicsId(),
                                errorMessage(answer));
                        cycle.failed++;
                    }
                    continue;
                }
                String recordId = person.isCreate() ? person.createId() : person.dynamicsId();
                if (answer == null) {
                    continue; // no answer: the person stays pending for the next cycle
                }
                if (answer.ok()) {
                    JsonNode result = answer.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(answer.body());
                    String etag = result.hasNonNull("@odata.etag") ? result.get("@odata.etag").asText() : answer.header("ETag");
                    OffsetDateTime modifiedOn = result.hasNonNull("modifiedon")
                            ? OffsetDateTime.parse(result.get("modifiedon").asText()).withOffsetSameInstant(ZoneOffset.UTC) : null;
                    Map<String, String> baseline = new LinkedHashMap<>(person.baseline() == null
                            ? TwoWayMerge.baselineOf(mapping, Map.of()) : person.baseline());
                    send.fields().forEach((column, value) -> baseline.put(column, TwoWayMerge.key(value)));
                    changes.sent(c, mapping, person, recordId, etag, modifiedOn, baseline);
                    changes.tidied(c, person, send.fields());
                    resolved.add(String.valueOf(person.id()));
                    if (person.isCreate()) {
                        cycle.created++;
                    } else {
                        cycle.sent++;
                    }
                } else if (answer.status() == 412) {
                    // changed in Dynamics since the store last saw it (or, for a create, already there)
                    cycle.conflictsByDynamicsId.put(recordId, person);
                    cycle.conflicts++;
                } else if (answer.status() == 404 && !person.isCreate()) {
                    changes.deletedInDynamics(c, person, eraseOnDynamicsDelete);
                    LOG.info("{}: {} was deleted in Dynamics; person {} is {}", cycle.entity(), recordId, person.id(),
                            eraseOnDynamicsDelete ? "erased" : "flagged and no longer sent");
                    cycle.deletedInDynamics++;
                } else {
                    errors.recordOutbound(c, cycle.entity(), person.id(), person.dynamicsId(), "HTTP_" + answer.status(),
                            errorMessage(answer), send.body(), retryBase);
                    cycle.failed++;
                }
            }
            resolve(c, cycle, resolved);
            changes.sendingDone(c, cycle.sends.stream().filter(x -> x.person() != null).map(x -> x.person().id()).toList());
            return null;
        });
    }

    /** The records to read again (412, or no etag to send): GETs by id, a few dozen per request. */
    public BatchRequest rereadBatch(OutboundCycle cycle) {
        BatchRequest batch = new BatchRequest(query.apiRoot());
        for (List<String> ids : chunks(List.copyOf(cycle.conflictsByDynamicsId.keySet()))) {
            batch.add(get(query.byIds(cycle.mapping(), ids), cycle.mapping()));
        }
        cycle.rereads = batch;
        cycle.batches++;
        return batch;
    }

    /**
     * Applies the conflict rule with the records as Dynamics has them now, then lets their persons try
     * once more in this cycle (with the new etag, sending what the rule left to send). A record Dynamics
     * no longer has is a delete.
     */
    public void reread(OutboundCycle cycle, InputStream body, String contentType) throws IOException {
        BatchResponse answers = BatchResponse.parse(body, contentType, cycle.rereads.size());
        EntityMapping mapping = cycle.mapping();
        List<JsonNode> found = new ArrayList<>();
        for (int i = 0; i < cycle.rereads.size(); i++) {
            BatchResponse.Answer answer = answers.answer(i);
            if (answer == null || !answer.ok()) {
                LOG.warn("{}: reading {} changed record(s) again failed ({}); they wait for the next cycle", cycle.entity(),
                        cycle.conflictsByDynamicsId.size(), answer == null ? "no answer" : errorMessage(answer));
                cycle.conflictsByDynamicsId.clear();
                return;
            }
            found.addAll(records(answer));
        }
        inTransaction(c -> {
            List<MappedRecord> records = new ArrayList<>();
            Set<String> ids = new java.util.HashSet<>();
            for (JsonNode record : found) {
                try {
                    MappedRecord mapped = mapper.map(mapping.entitySet(), record);
                    records.add(mapped);
                    ids.add(mapped.dynamicsId());
                } catch (RuntimeException e) {
                    ids.add(record.path(mapping.primaryKey()).asText().toLowerCase(Locale.ROOT)); // the inbound sync reports it
                }
            }
            persons.write(c, mapping, records, false);
            for (Map.Entry<String, PendingPerson> conflict : cycle.conflictsByDynamicsId.entrySet()) {
                PendingPerson person = conflict.getValue();
                if (!ids.contains(conflict.getKey()) && !person.isCreate()) {
                    changes.deletedInDynamics(c, person, eraseOnDynamicsDelete);
                    cycle.deletedInDynamics++;
                } else if (!cycle.conflicted.contains(person.id())) {
                    cycle.secondAttempt.add(person.id());
                }
            }
            return null;
        });
        cycle.conflictsByDynamicsId.clear();
    }

    public void finish(OutboundCycle cycle) {
        lastFailed.remove(cycle.entity());
        cycles.ended(cycle.entity());
        if (cycle.didSomething()) {
            double seconds = cycle.elapsedSeconds();
            LOG.info(String.format(Locale.ROOT, "%s: outbound complete in %.1f s (%.0f records/s), %d $batch request(s): "
                    + "%d updated, %d created, %d linked by email, %d conflicts re-read, %d found deleted in Dynamics, "
                    + "%d deleted in Dynamics after a store delete, %d failed",
                    cycle.entity(), seconds, (cycle.sent + cycle.created) / Math.max(seconds, 0.001), cycle.batches, cycle.sent,
                    cycle.created, cycle.linked, cycle.conflicts, cycle.deletedInDynamics, cycle.deleted, cycle.failed));
        }
    }

    /** The cycle stopped on an error; the persons stay pending for the next one. */
    public void failed(String entitySet, Exception cause) {
        lastFailed.add(entitySet);
        cycles.ended(entitySet);
        LOG.error("{}: outbound cycle stopped, its persons stay pending for the next one: {}", entitySet,
                cause == null ? "unknown error" : cause.getClass().getSimpleName() + ": " + cause.getMessage());
    }

    /** The two-way entities (the ones with an outbound route). */
    public List<String> entities() {
        return mappings.all().stream().filter(m -> m.isTwoWay() || m.createOnRequest()).map(EntityMapping::entitySet).toList();
    }

    public long cyclesEnded(String entitySet) {
        return cycles.count(entitySet);
    }

    public boolean awaitCyclesEnded(String entitySet, long count, long timeoutMillis) throws InterruptedException {
        return cycles.awaitMoreThan(entitySet, count, timeoutMillis);
    }

    /** Entities whose last outbound cycle failed. */
    public Set<String> failing() {
        return Set.copyOf(lastFailed);
    }

    private List<EntityMapping> personMappings() {
        return mappings.all().stream().filter(m -> EntityMapping.TWO_WAY_TABLE.equals(m.table())).toList();
    }

    private static String matchAttribute(EntityMapping mapping) {
        return mapping.fields().stream().filter(f -> MATCH_COLUMN.equals(f.to())).map(FieldMapping::attribute).findFirst().orElse(null);
    }

    private static BatchOperation get(String url, EntityMapping mapping) {
        String annotations = InboundQuery.lookupAnnotations(mapping);
        return new BatchOperation("GET", url, annotations == null ? Map.of() : Map.of("Prefer", annotations), null);
    }

    private static List<List<String>> chunks(List<String> values) {
        List<List<String>> chunks = new ArrayList<>();
        for (int from = 0; from < values.size(); from += InboundQuery.FILTER_CHUNK) {
            chunks.add(values.subList(from, Math.min(values.size(), from + InboundQuery.FILTER_CHUNK)));
        }
        return chunks;
    }

    private static List<JsonNode> records(BatchResponse.Answer answer) throws IOException {
        List<JsonNode> records = new ArrayList<>();
        if (answer != null && answer.ok() && !answer.body().isBlank()) {
            JSON.readTree(answer.body()).path("value").forEach(records::add);
        }
        return records;
    }

    /** The JSON body of a create or update: store values as the Web API expects them. */
    private static ObjectNode body(EntityMapping mapping, Map<String, Object> columns) {
        ObjectNode body = JSON.createObjectNode();
        for (FieldMapping field : mapping.outboundFields()) {
            if (!columns.containsKey(field.to())) {
                continue;
            }
            Object value = field.toDynamics(columns.get(field.to()));
            String attribute = field.attribute();
            if (field.bind() != null) {
                // a lookup is written through its navigation property; null clears it
                String key = field.bind().navigation() + "@odata.bind";
                if (value == null || "".equals(value)) {
                    body.putNull(key);
                } else {
                    String id = value.toString().trim();
                    if (!id.matches("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")) {
                        throw new IllegalArgumentException("field " + field.to() + ": '" + id + "' is not a Dynamics id");
                    }
                    body.put(key, "/" + field.bind().entitySet() + "(" + id.toLowerCase(java.util.Locale.ROOT) + ")");
                }
            } else if (value == null || "".equals(value)) {
                body.putNull(attribute);
            } else if (value instanceof BigDecimal d) {
                body.put(attribute, d);
            } else if (value instanceof Long || value instanceof Integer) {
                body.put(attribute, ((Number) value).longValue());
            } else if (value instanceof Number n) {
                body.put(attribute, new BigDecimal(n.toString()));
            } else if (value instanceof Boolean b) {
                body.put(attribute, b);
            } else if (value instanceof java.sql.Date || value instanceof LocalDate) {
                body.put(attribute, TwoWayMerge.key(value));
            } else if (value instanceof OffsetDateTime || value instanceof java.sql.Timestamp) {
                body.put(attribute, TwoWayMerge.key(value).replaceAll("\\.\\d+Z$", "Z"));
            } else {
                body.put(attribute, value.toString());
            }
        }
        return body;
    }

    private static String errorMessage(BatchResponse.Answer answer) {
        try {
            JsonNode error = JSON.readTree(answer.body()).path("error");
            if (error.hasNonNull("message")) {
                return error.path("code").asText("") + " " + error.get("message").asText();
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: fall through
        }
        return "HTTP " + answer.status() + " " + (answer.body().length() > 500 ? answer.body().substring(0, 500) : answer.body());
    }

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection c) throws SQLException, IOException;
    }

    private <T> T inTransaction(Work<T> work) {
        try {
            return store.inTransaction(c -> {
                try {
                    return work.run(c);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (SQLException e) {
            throw new StoreException("outbound store access", e);
        }
    }
}
