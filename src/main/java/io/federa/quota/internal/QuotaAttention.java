package io.federa.quota.internal;

import io.federa.quota.QosPushStatus;
import io.federa.quota.QuotaOverview;
import io.federa.quota.Quotas;
import io.federa.shared.Attention;
import io.federa.shared.AttentionSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Team quotas whose last push to Slurm failed (the QOS does not hold what the portal says), and QOS
 * found changed outside the portal in the last day (quota drift; the sync puts it back); fixed on
 * Admin › Quotas ("Push again"). Reads the stored push status only.
 */
@Component
@Order(3)
class QuotaAttention implements AttentionSource {

    static final Duration RECENT_DRIFT = Duration.ofDays(1);

    private final Quotas quotas;
    private final Clock clock;

    QuotaAttention(Quotas quotas, Clock clock) {
        this.quotas = quotas;
        this.clock = clock;
    }

    @Override
    public List<Attention> attention() {
        List<Attention> failed = new ArrayList<>();
        List<Attention> drifted = new ArrayList<>();
        var since = clock.instant().minus(RECENT_DRIFT);
        for (QuotaOverview o : quotas.allQuotas()) {
            QosPushStatus p = o.push();
            String subject = o.quota().team() + "@" + o.quota().cluster();
            if (p.failing()) {
                failed.add(new Attention(
                        "quota-push-failed",
                        subject,
                        "The quota of " + o.quota().team() + " on " + o.quota().cluster() + " did not reach Slurm as "
                                + p.qosName() + ": " + p.lastError(),
                        "admin/quotas",
                        "Quotas",
                        p.lastAttemptAt()));
            } else if (p.drift() != null && p.driftAt() != null && p.driftAt().isAfter(since)) {
                drifted.add(new Attention(
                        "quota-drift",
                        subject,
                        "QOS " + p.qosName() + " was changed outside the portal (" + p.drift() + "); the portal put "
                                + "its quota back.",
                        "admin/quotas",
                        "Quotas",
                        p.driftAt()));
            }
        }
        failed.addAll(drifted);
        return failed;
    }
}
