package io.dynsync.emulator;

import java.time.Duration;

/** A hold placed by {@link Faults#hold}. */
public interface Hold {
    /** True once a matching request is waiting; false if none arrived within {@code timeout}. */
    boolean awaitArrived(Duration timeout) throws InterruptedException;

    /** Lets waiting (and future) matching requests through; the hold ends. */
    void release();
}
