package io.federa.quota.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/** Cuts a run time into UTC days: a job over midnight counts on both days. */
final class DaySlices {

    /** {@code seconds} of one run that fell on {@code day}. */
    record DaySlice(LocalDate day, long seconds) {}

    private static final long DAY = 86_400;

    private DaySlices() {}

    /** The slices of [start, end), in whole seconds (Slurm's precision); empty if end is not after start. */
    static List<DaySlice> split(Instant start, Instant end) {
        long from = start.getEpochSecond();
        long to = end.getEpochSecond();
        var slices = new ArrayList<DaySlice>();
        while (from < to) {
            long nextMidnight = Math.floorDiv(from, DAY) * DAY + DAY;
            long sliceEnd = Math.min(nextMidnight, to);
            slices.add(new DaySlice(LocalDate.ofInstant(Instant.ofEpochSecond(from), ZoneOffset.UTC), sliceEnd - from));
            from = sliceEnd;
        }
        return slices;
    }
}
