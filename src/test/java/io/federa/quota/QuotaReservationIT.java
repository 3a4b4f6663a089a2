package io.federa.quota;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.federa.shared.SystemTasks;
import io.federa.support.FederaIntegrationTest;
import io.federa.support.QuotaRace;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Reservations at submit time, on the real database, under real concurrency. The quotas are on a
 * cluster that is not registered: saving one pushes nothing into a real Slurm (QuotaQosPushIT does).
 */
@FederaIntegrationTest
class QuotaReservationIT {

    static final String OFFLINE = "not-registered";

    @Autowired
    Usage usage;

    @Autowired
    Clock clock;

    @Autowired
    Quotas quotas;

    @Test
    void fifty_concurrent_reservations_against_a_quota_of_ten_let_exactly_ten_pass() throws Exception {
        SystemTasks.runAsSystem(() -> {
            quotas.setQuota(TeamQuota.concurrent("race-team", OFFLINE, 10, null, null));
            return null;
        });
        // 50 at once against 10: exactly 10 pass, the other 40 are refused
        assertThat(QuotaRace.passed(50, i -> () -> quotas.reserve("race-team", OFFLINE, "race-" + i, 1, 0)))
                .isEqualTo(10);

        // a released reservation frees its share for the next submission: release one that passed
        // (which ten won the race varies; reserving a held one again only returns it)
        String held = java.util.stream.IntStream.range(0, 50)
                .mapToObj(i -> "race-" + i)
                .filter(ref -> {
                    try {
                        quotas.reserve("race-team", OFFLINE, ref, 1, 0);
                        return true;
                    } catch (QuotaExceededException refused) {
                        return false;
                    }
                })
                .findFirst()
                .orElseThrow();
        quotas.release(held);
        assertThat(quotas.reserve("race-team", OFFLINE, "race-next", 1, 0).cpus())
                .isEqualTo(1);
        assertThatThrownBy(() -> quotas.reserve("race-team", OFFLINE, "race-late", 1, 0))
                .isInstanceOf(QuotaExceededException.class)
                .hasMessageContaining("may use 10 CPUs on " + OFFLINE)
                .hasMessageContaining("none left");
    }

    @Test
    void reserving_the_same_submission_twice_holds_its_share_once() {
        SystemTasks.runAsSystem(() -> {
            quotas.setQuota(TeamQuota.concurrent("twice-team", OFFLINE, null, null, 1));
            return null;
        });
        var first = quotas.reserve("twice-team", OFFLINE, "run-42", 4, 0);
        var again = quotas.reserve("twice-team", OFFLINE, "run-42", 4, 0);
        assertThat(again.id()).isEqualTo(first.id());
        assertThatThrownBy(() -> quotas.reserve("twice-team", OFFLINE, "run-43", 1, 0))
                .hasMessageContaining("may use 1 jobs");
    }

    @Test
    void a_teams_quota_is_visible_before_submitting() {
        SystemTasks.runAsSystem(() -> {
            quotas.setQuota(new TeamQuota("shown-team", OFFLINE, 16, 2, 5, 1000, 10));
            return null;
        });
        assertThat(quotas.quotaOf("shown-team", OFFLINE))
                .contains(new TeamQuota("shown-team", OFFLINE, 16, 2, 5, 1000, 10));
        assertThat(quotas.quotaOf("shown-team", "c1")).isEmpty();
    }

    @Test
    void a_team_without_a_quota_is_not_limited() {
        assertThat(quotas.reserve("free-team", OFFLINE, "free-1", 1000, 8).gpus())
                .isEqualTo(8);
    }

    @Test
    void a_team_that_used_its_monthly_cpu_hours_cannot_start_more_cpu_work() {
        SystemTasks.runAsSystem(() -> {
            quotas.setQuota(new TeamQuota("month-team", OFFLINE, null, null, null, 100, 5));
            return null;
        });
        assertThat(quotas.reserve("month-team", OFFLINE, "month-1", 4, 0).cpus())
                .isEqualTo(4);
        // 7,200 CPUs for 60 s = 120 CPU-hours this month: over the 100 of the quota
        Instant end = clock.instant();
        usage.record(new JobUsage(OFFLINE, 990_001, "month-team", end.minusSeconds(60), end, 7200, 0));
        assertThatThrownBy(() -> quotas.reserve("month-team", OFFLINE, "month-2", 1, 0))
                .isInstanceOf(QuotaExceededException.class)
                .hasMessageContaining(
                        "Team month-team has used 120.0 of its 100 CPU-hours on " + OFFLINE + " this month");
        // GPU-hours are a separate budget (5 h, none used): GPU-only work may still start
        assertThat(quotas.reserve("month-team", OFFLINE, "month-3", 0, 1).gpus())
                .isEqualTo(1);
    }
}
