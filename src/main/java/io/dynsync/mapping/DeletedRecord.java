package io.dynsync.mapping;

/** A record Dynamics reports as deleted (a change-tracking tombstone). */
public record DeletedRecord(String dynamicsId) {
}
