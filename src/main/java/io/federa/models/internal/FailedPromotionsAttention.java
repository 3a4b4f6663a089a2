package io.federa.models.internal;

import io.federa.shared.Attention;
import io.federa.shared.AttentionSource;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * For portal admins' landing page: approved promotions of the last day that could not be deployed
 * (an environment's cluster down, a refused InferenceService) — usually the environment's settings.
 */
@Component
@Order(6)
class FailedPromotionsAttention implements AttentionSource {

    private final JdbcClient jdbc;
    private final Clock clock;

    FailedPromotionsAttention(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    @Transactional(readOnly = true)
    public List<Attention> attention() {
        return jdbc.sql("""
                        select r.id, r.team, r.environment, r.reason, r.decided_at from promotion_requests r
                        where r.state = 'FAILED' and r.decided_at > :since order by r.decided_at desc limit 20""")
                .param("since", java.sql.Timestamp.from(clock.instant().minus(Duration.ofDays(1))))
                .query((rs, n) -> new Attention(
                        "promotion-failed",
                        rs.getString("team") + "@" + rs.getString("environment"),
                        "Promotion request #" + rs.getLong("id") + " could not be deployed: " + rs.getString("reason"),
                        "admin/environments",
                        "Model environments",
                        rs.getTimestamp("decided_at").toInstant()))
                .list();
    }
}
