package io.dynsync.mapping;

/**
 * A record that could not be mapped or written; it goes to {@code sync_errors} while the rest of its
 * page goes on.
 *
 * @param dynamicsId the record's id when it could be read
 * @param code       a short, stable error code (e.g. {@code MAPPING}, {@code STORE})
 * @param message    what is wrong, for the operator
 * @param payload    the record as received
 */
public record RecordFailure(String dynamicsId, String code, String message, String payload) {
}
