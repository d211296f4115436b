package io.dynsync.emulator;

import java.time.Duration;
import java.time.Instant;

/** The emulator's time: createdon/modifiedon stamps, the Date header, seed data. Tests can freeze and move it. */
public interface EmulatorClock {
    /** Current emulator time, truncated to the second (Dataverse's precision). */
    Instant now();

    /** Stops the clock at {@code at} until {@link #advance} or {@link #resume}. */
    void freeze(Instant at);

    /** Moves the clock forward (or back, for a negative duration), frozen or not. */
    void advance(Duration d);

    /** Back to real time, dropping any freeze or offset. */
    void resume();

    /** Whether the clock is frozen. */
    boolean isFrozen();
}
