package io.dynsync.emulator;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Direct access to the emulator's records for tests. Bodies and results use the Web API's JSON shapes as
 * {@code Map<String,Object>} (values String, Number, Boolean or null): create/update accept
 * {@code @odata.bind} keys exactly like POST/PATCH; results look like a GET with all annotations and include
 * {@code @odata.etag}, createdon, modifiedon and versionnumber. Invalid bodies throw
 * {@link IllegalArgumentException} with the Dataverse error message; a missing record
 * {@link java.util.NoSuchElementException}.
 *
 * <p>Writes made here act as the seeded human user "Dana Human" ({@link DataverseEmulator#humanUserId()}), so a
 * test can tell a human edit from a sync write by {@code _modifiedby_value}; inside a write hook they act as
 * the caller of the request that triggered the hook, as a plug-in would. They never trigger write hooks.
 */
public interface EmulatorData {
    /** Creates a record (the body may carry its primary key) and returns the new id. */
    String create(String entitySet, Map<String, Object> body);

    /** Updates an existing record; bumps modifiedon and versionnumber. */
    void update(String entitySet, String id, Map<String, Object> body);

    void delete(String entitySet, String id);

    Optional<Map<String, Object>> get(String entitySet, String id);

    /** All records, in primary-key order (SQL Server's uniqueidentifier order, as Dataverse pages them). */
    List<Map<String, Object>> list(String entitySet);

    int count(String entitySet);

    Set<String> entitySets();

    /** The primary key column, e.g. "leadid". */
    String primaryKey(String entitySet);

    /**
     * QualifyLead as the human user: the lead becomes Qualified (statecode 1, statuscode 3) and the records asked
     * for are created from it. An account needs the lead's companyname; without one none is created.
     *
     * @throws IllegalArgumentException if the lead is not open
     */
    QualifiedLead qualifyLead(String leadId, boolean account, boolean contact, boolean opportunity);

    /**
     * Merge as the human user ("accounts", "contacts" or "leads"): children move to the target, the subordinate
     * is deactivated with merged = true and masterid = the target.
     */
    void merge(String entitySet, String targetId, String subordinateId);

    /**
     * Adds a "plug-in" that runs after every create or update of {@code entitySet} through the Web API (direct
     * or in a $batch), with the record id and the JSON body the client sent. It runs synchronously inside the
     * write's transaction and may change the record with {@link #update}, which does not trigger hooks again.
     * A hook that throws fails the request with a 400 (code 0x80040265) and undoes the write.
     */
    HookRegistration onWrite(String entitySet, BiConsumer<String, Map<String, Object>> hook);
}
