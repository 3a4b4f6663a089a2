package io.federa.quota;

import io.federa.identity.CurrentUser;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The usage ledger: CPU- and GPU-seconds per team, cluster and UTC day, fed from the job mirror.
 * Recording is idempotent per (cluster, job id); a job over midnight counts on both days.
 *
 * <p>Reads are team-scoped: only members of the team and portal admins ({@code
 * TeamDirectory.mayActFor}); anyone else gets {@link io.federa.shared.NotAllowedException}.
 * See docs/adr/0010-usage-ledger.md.
 */
public interface Usage {

    /** Records (or re-records, replacing its earlier slices) what one job used. */
    void record(JobUsage job);

    /**
     * Per day and cluster, {@code from} to {@code to} inclusive, oldest first; days without usage
     * are absent. {@code cluster} null means every cluster.
     */
    List<UsageTotal> daily(CurrentUser user, String team, @Nullable String cluster, LocalDate from, LocalDate to);

    /** Per month and cluster, {@code from} to {@code to} inclusive, oldest first. */
    List<UsageTotal> monthly(CurrentUser user, String team, @Nullable String cluster, YearMonth from, YearMonth to);

    /** The team's usage on the cluster from the first of this month (UTC) up to now. */
    UsageTotal monthToDate(CurrentUser user, String team, String cluster);
}
