package io.dynsync.mapping;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A Dynamics record turned into store values, ready to be written.
 *
 * @param dynamicsId the record's GUID (lower case)
 * @param etag       its {@code @odata.etag}, compared to skip unchanged records
 * @param modifiedOn its {@code modifiedon}, or null for entities without one
 * @param columns    mapped column values, constants included, in mapping order
 * @param children   derived rows per child table, replacing the previous ones
 * @param source     the record as Dynamics sent it (the payload of a sync error if it cannot be stored)
 * @param excluded   the record's sync filter says No
 * @param qualifiedFrom the lead this record was qualified from, if the mapping asks
 * @param mergedInto the record this one was merged into, if it was
 */
public record MappedRecord(String dynamicsId, String etag, OffsetDateTime modifiedOn,
        Map<String, Object> columns, List<Children> children, JsonNode source, boolean excluded,
        String qualifiedFrom, String mergedInto) {

    /** The derived rows of one child table; {@code parentColumn} holds this record's id in each. */
    public record Children(String table, String parentColumn, List<Map<String, Object>> rows) {
    }
}
