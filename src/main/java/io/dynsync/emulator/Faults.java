package io.dynsync.emulator;

import java.util.function.Predicate;

/** Injected misbehaviour of the Web API (not the /_emulator control interface). */
public interface Faults {
    /**
     * The next matching Web API requests wait before being answered until the hold is released.
     * The request passed to {@code match} has status and rows 0.
     */
    Hold hold(Predicate<RecordedRequest> match);

    /**
     * The next {@code times} matching requests are answered with {@code status} and a Dataverse error body;
     * 429 adds {@code Retry-After: retryAfterSeconds} and code 0x80072322.
     */
    void fail(Predicate<RecordedRequest> match, int status, int times, int retryAfterSeconds);

    /** Removes all failures and releases all holds. */
    void clear();
}
