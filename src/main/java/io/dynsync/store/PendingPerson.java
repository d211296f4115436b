package io.dynsync.store;

import java.util.Map;

/**
 * A person with changes for Dynamics, as read at the start of an outbound batch.
 *
 * @param id         persons.id, the store's key
 * @param dynamicsId the linked record, null for a create request
 * @param createId   the id chosen for the lead to create (create requests)
 * @param etag       the etag the store last saw (sent as If-Match)
 * @param values     the person's mapped column values
 * @param baseline   the values Dynamics last had (null before the first link)
 * @param changeSeq  the change this read covers; recorded as synced_seq when the send succeeds
 */
public record PendingPerson(long id, String dynamicsId, String createId, String etag, Map<String, Object> values,
        Map<String, String> baseline, long changeSeq) {

    public boolean isCreate() {
        return dynamicsId == null;
    }
}
