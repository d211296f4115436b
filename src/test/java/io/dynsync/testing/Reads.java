package io.dynsync.testing;

import io.dynsync.emulator.RecordedRequest;

/** Kinds of collection reads in the emulator's request log. */
public final class Reads {

    private Reads() {
    }

    /**
     * A page of a whole-set read: no {@code $filter} (watermark), no {@code $deltatoken} (change tracking)
     * and no {@code $top} (the setup check's one-record read).
     */
    public static boolean isFullRead(RecordedRequest r) {
        return "GET".equals(r.method()) && r.entitySet() != null && r.pageNumber() > 0 && (r.rawQuery() == null
                || !(r.rawQuery().contains("$filter") || r.rawQuery().contains("$deltatoken") || r.rawQuery().contains("$top")));
    }

    /** A page of a deltaLink read. */
    public static boolean isDeltaRead(RecordedRequest r) {
        return "GET".equals(r.method()) && r.entitySet() != null && r.rawQuery() != null && r.rawQuery().contains("$deltatoken");
    }
}
