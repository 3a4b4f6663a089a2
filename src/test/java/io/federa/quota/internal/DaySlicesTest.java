package io.federa.quota.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.federa.quota.internal.DaySlices.DaySlice;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class DaySlicesTest {

    @Test
    void a_job_within_one_day_is_one_slice_of_its_run_time() {
        assertThat(DaySlices.split(Instant.parse("2026-05-04T10:00:00Z"), Instant.parse("2026-05-04T10:00:07Z")))
                .containsExactly(new DaySlice(LocalDate.parse("2026-05-04"), 7));
    }

    @Test
    void a_job_over_midnight_counts_on_both_days_in_utc() {
        assertThat(DaySlices.split(Instant.parse("2026-05-04T23:30:00Z"), Instant.parse("2026-05-05T00:45:00Z")))
                .containsExactly(
                        new DaySlice(LocalDate.parse("2026-05-04"), 30 * 60),
                        new DaySlice(LocalDate.parse("2026-05-05"), 45 * 60));
    }

    @Test
    void a_job_over_several_days_counts_whole_days_in_between() {
        var slices = DaySlices.split(Instant.parse("2026-02-27T12:00:00Z"), Instant.parse("2026-03-02T06:00:00Z"));
        assertThat(slices)
                .containsExactly(
                        new DaySlice(LocalDate.parse("2026-02-27"), 12 * 3600),
                        new DaySlice(LocalDate.parse("2026-02-28"), 24 * 3600),
                        new DaySlice(LocalDate.parse("2026-03-01"), 24 * 3600),
                        new DaySlice(LocalDate.parse("2026-03-02"), 6 * 3600));
        assertThat(slices.stream().mapToLong(DaySlice::seconds).sum()).isEqualTo((2 * 24 + 18) * 3600);
    }

    @Test
    void a_job_ending_exactly_at_midnight_does_not_touch_the_next_day() {
        assertThat(DaySlices.split(Instant.parse("2026-05-04T22:00:00Z"), Instant.parse("2026-05-05T00:00:00Z")))
                .containsExactly(new DaySlice(LocalDate.parse("2026-05-04"), 2 * 3600));
        assertThat(DaySlices.split(Instant.parse("2026-05-05T00:00:00Z"), Instant.parse("2026-05-05T00:00:01Z")))
                .containsExactly(new DaySlice(LocalDate.parse("2026-05-05"), 1));
    }

    @Test
    void no_run_time_means_no_slices() {
        Instant t = Instant.parse("2026-05-04T10:00:00Z");
        assertThat(DaySlices.split(t, t)).isEmpty();
        assertThat(DaySlices.split(t, t.minusSeconds(5))).isEmpty();
    }
}
