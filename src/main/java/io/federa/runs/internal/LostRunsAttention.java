package io.federa.runs.internal;

import io.federa.shared.Attention;
import io.federa.shared.AttentionSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Runs that became LOST in the last day (the cluster answered and had no job for them, or forgot it):
 * each links to its run page, which says why and offers a re-run. At most {@value #MOST}, newest first.
 * A LOST run has ended, so {@code ended_at} is when it was lost.
 */
@Component
@Order(4)
class LostRunsAttention implements AttentionSource {

    static final Duration WINDOW = Duration.ofDays(1);
    static final int MOST = 20;

    private final JdbcClient jdbc;
    private final Clock clock;

    LostRunsAttention(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public List<Attention> attention() {
        return jdbc.sql("""
                        select id, team, cluster_name, state_reason, ended_at from runs
                        where state = 'LOST' and ended_at >= :since
                        order by ended_at desc, id limit :most""")
                .param("since", java.sql.Timestamp.from(clock.instant().minus(WINDOW)))
                .param("most", MOST)
                .query((rs, n) -> {
                    String id = rs.getString("id");
                    String reason = rs.getString("state_reason");
                    Instant at = rs.getTimestamp("ended_at").toInstant();
                    return new Attention(
                            "run-lost",
                            id,
                            "Run " + id + " of " + rs.getString("team") + " on " + rs.getString("cluster_name")
                                    + " was lost" + (reason == null || reason.isBlank() ? "." : ": " + reason + "."),
                            "runs/" + id,
                            "Run " + id,
                            at);
                })
                .list();
    }
}
