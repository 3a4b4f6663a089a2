package io.federa.quota.internal;

import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The ledger as the quota module itself reads it: no user, so only for checks and for callers that checked. */
@Component
class UsageRows {

    record Seconds(long cpuSeconds, long gpuSeconds) {}

    private final JdbcClient jdbc;
    private final Clock clock;

    UsageRows(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** This calendar month (UTC) of the team on the cluster, up to today. */
    Seconds monthToDate(String team, String cluster) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        return jdbc.sql("""
                        select coalesce(sum(cpu_seconds), 0), coalesce(sum(gpu_seconds), 0) from usage_days
                        where team = :team and cluster_name = :cluster and day between :from and :to""")
                .param("team", team)
                .param("cluster", cluster)
                .param("from", Date.valueOf(today.withDayOfMonth(1)))
                .param("to", Date.valueOf(today))
                .query((rs, n) -> new Seconds(rs.getLong(1), rs.getLong(2)))
                .single();
    }

    static String hours(long seconds) {
        return String.format(Locale.ROOT, "%.1f", seconds / 3600.0);
    }
}
