package io.dynsync.emulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** {@link EmulatorClock} over a base clock: either frozen at an instant or running with an offset. */
final class AdjustableClock implements EmulatorClock {
    private final Clock base;
    private Instant frozenAt;
    private Duration offset = Duration.ZERO;

    AdjustableClock(Clock base) {
        this.base = base;
    }

    @Override
    public synchronized Instant now() {
        Instant t = frozenAt != null ? frozenAt : base.instant().plus(offset);
        return t.truncatedTo(ChronoUnit.SECONDS);
    }

    @Override
    public synchronized void freeze(Instant at) {
        frozenAt = at.truncatedTo(ChronoUnit.SECONDS);
        offset = Duration.ZERO;
    }

    @Override
    public synchronized void advance(Duration d) {
        if (frozenAt != null) {
            frozenAt = frozenAt.plus(d).truncatedTo(ChronoUnit.SECONDS);
        } else {
            offset = offset.plus(d);
        }
    }

    @Override
    public synchronized void resume() {
        frozenAt = null;
        offset = Duration.ZERO;
    }

    @Override
    public synchronized boolean isFrozen() {
        return frozenAt != null;
    }
}
