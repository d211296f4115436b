package io.dynsync.emulator;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Direct access to the emulator's records for tests. Bodies and results use the Web API's JSON shapes as
 * {@code Map<String,Object>} (values String, Number, Boolean or null): create/update accept
 * {@code @odata.bind} keys exactly like POST/PATCH; results look like a GET with all annotations and include
 * {@code @odata.etag}, createdon, modifiedon and versionnumber. Invalid bodies throw
 * {@link IllegalArgumentException} with the Dataverse error message; a missing record
 * {@link java.util.NoSuchElementException}.
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
}
