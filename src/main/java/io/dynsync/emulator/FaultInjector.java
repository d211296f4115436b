package io.dynsync.emulator;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/** {@link Faults}: holds that park matching requests, and failures that answer them with an error. */
final class FaultInjector implements Faults {
    /** A held request never waits longer than this, so a forgotten hold cannot wedge a test run forever. */
    private static final Duration MAX_HOLD = Duration.ofMinutes(10);

    private final List<HoldImpl> holds = new CopyOnWriteArrayList<>();
    private final List<Failure> failures = new CopyOnWriteArrayList<>();

    private record Failure(Predicate<RecordedRequest> match, int status, AtomicInteger remaining,
                           int retryAfterSeconds) {
    }

    private final class HoldImpl implements Hold {
        private final Predicate<RecordedRequest> match;
        private final CountDownLatch arrived = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);

        HoldImpl(Predicate<RecordedRequest> match) {
            this.match = match;
        }

        @Override
        public boolean awaitArrived(Duration timeout) throws InterruptedException {
            return arrived.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void release() {
            holds.remove(this);
            released.countDown();
        }
    }

    @Override
    public Hold hold(Predicate<RecordedRequest> match) {
        HoldImpl h = new HoldImpl(match);
        holds.add(h);
        return h;
    }

    @Override
    public void fail(Predicate<RecordedRequest> match, int status, int times, int retryAfterSeconds) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a failure needs an error status, not " + status);
        }
        failures.add(new Failure(match, status, new AtomicInteger(times), retryAfterSeconds));
    }

    @Override
    public void clear() {
        failures.clear();
        for (HoldImpl h : List.copyOf(holds)) {
            h.release();
        }
    }

    /** Parks the calling request thread while a matching hold is in place. */
    void awaitHolds(RecordedRequest request) throws InterruptedException {
        for (HoldImpl h : holds) {
            if (h.match.test(request)) {
                h.arrived.countDown();
                h.released.await(MAX_HOLD.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    /** The injected error for this request, consuming one of its remaining uses; null if none applies. */
    DataverseError failureFor(RecordedRequest request) {
        for (Failure f : failures) {
            if (f.match.test(request)) {
                if (f.remaining.getAndDecrement() > 0) {
                    return toError(f);
                }
                failures.remove(f);
            }
        }
        return null;
    }

    private static DataverseError toError(Failure f) {
        DataverseError e = switch (f.status) {
            case 429 -> new DataverseError(429, DataverseError.REQUEST_LIMIT,
                    "Number of requests exceeded the limit of 6000 over time window of 300 seconds.");
            case 401 -> new DataverseError(401, "", "");
            case 403 -> new DataverseError(403, "0x80072560", "The user is not a member of the organization.");
            case 404 -> new DataverseError(404, DataverseError.RECORD_NOT_FOUND, "Injected fault: record not found.");
            case 412 -> new DataverseError(412, DataverseError.VERSION_MISMATCH,
                    "The version of the existing record doesn't match the RowVersion property provided.");
            default -> new DataverseError(f.status, DataverseError.UNEXPECTED,
                    "Injected fault: the server answered " + f.status + ".");
        };
        if (f.retryAfterSeconds > 0 && (f.status == 429 || f.status >= 500)) {
            e.header("Retry-After", Integer.toString(f.retryAfterSeconds));
        }
        return e;
    }
}
