package io.federa.quota.internal;

import io.federa.kubernetes.KubernetesClusterOverview;
import io.federa.kubernetes.KubernetesClusters;
import io.federa.kubernetes.ProfileQuota;
import io.federa.kubernetes.ProfileQuotas;
import io.federa.kubernetes.ProfileStatus;
import io.federa.kubernetes.TeamKubernetesAccess;
import io.federa.kubernetes.TeamProfiles;
import io.federa.quota.InvalidQuotaException;
import io.federa.quota.KubernetesQuota;
import io.federa.quota.KubernetesQuotaOverview;
import io.federa.quota.KubernetesQuotas;
import io.federa.shared.AfterCommit;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Kubernetes quotas in PostgreSQL; also the source of the Profile quotas the kubernetes module pushes
 * ({@link ProfileQuotas}). The quantities are checked only for shape here (one word, printable): the
 * API server's schema is the judge, and its refusal is shown as the push's error.
 */
@Service
class JdbcKubernetesQuotas implements KubernetesQuotas, ProfileQuotas {

    private static final Pattern ONE_WORD = Pattern.compile("[\\x21-\\x7e]{1,64}");

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final KubernetesClusters clusters;
    private final TeamKubernetesAccess access;
    private final TeamProfiles profiles;
    private final Clock clock;

    JdbcKubernetesQuotas(
            JdbcClient jdbc,
            TransactionTemplate tx,
            KubernetesClusters clusters,
            TeamKubernetesAccess access,
            TeamProfiles profiles,
            Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clusters = clusters;
        this.access = access;
        this.profiles = profiles;
        this.clock = clock;
    }

    @Override
    public Optional<KubernetesQuota> quotaOf(String team, String cluster) {
        return jdbc.sql("select * from kubernetes_quotas where team = :team and cluster_name = :cluster")
                .param("team", team)
                .param("cluster", cluster)
                .query((rs, n) -> quota(rs))
                .optional();
    }

    @Override
    public ProfileStatus setQuota(KubernetesQuota q) {
        KubernetesQuota quota = validate(q);
        // stored in its own short transaction; the push runs after it, with none
        tx.executeWithoutResult(s -> jdbc.sql("""
                        insert into kubernetes_quotas (team, cluster_name, cpu, memory, gpus, pods, updated_at)
                        values (:team, :cluster, :cpu, :memory, :gpus, :pods, :now)
                        on conflict (team, cluster_name) do update set cpu = :cpu, memory = :memory, gpus = :gpus,
                            pods = :pods, updated_at = :now""")
                .param("team", quota.team())
                .param("cluster", quota.cluster())
                .param("cpu", quota.cpu(), java.sql.Types.VARCHAR)
                .param("memory", quota.memory(), java.sql.Types.VARCHAR)
                .param("gpus", quota.gpus(), java.sql.Types.INTEGER)
                .param("pods", quota.pods(), java.sql.Types.INTEGER)
                .param("now", Timestamp.from(clock.instant()))
                .update());
        if (TransactionSynchronizationManager.isActualTransactionActive()) {
            // inside a caller's transaction: push once it has committed (ADR 9), never holding its locks
            AfterCommit.run(() -> profiles.push(quota.team(), quota.cluster()));
            return profiles.status(quota.team(), quota.cluster());
        }
        return profiles.push(quota.team(), quota.cluster());
    }

    @Override
    public List<KubernetesQuotaOverview> allQuotas() {
        return jdbc
                .sql("select * from kubernetes_quotas order by team, cluster_name")
                .query((rs, n) -> quota(rs))
                .list()
                .stream()
                .map(q -> new KubernetesQuotaOverview(q, profiles.status(q.team(), q.cluster())))
                .toList();
    }

    /** {@link ProfileQuotas}: what the kubernetes module pushes as the team's Profile quota. */
    @Override
    public Optional<ProfileQuota> profileQuotaOf(String team, String cluster) {
        return quotaOf(team, cluster).map(KubernetesQuota::asProfileQuota);
    }

    private KubernetesQuota validate(KubernetesQuota q) {
        if (q.team().isBlank() || q.cluster().isBlank()) {
            throw new InvalidQuotaException("Choose a team and a Kubernetes cluster.");
        }
        if (clusters.overview().stream().map(KubernetesClusterOverview::name).noneMatch(q.cluster()::equals)) {
            throw new InvalidQuotaException("No Kubernetes cluster named " + q.cluster() + ".");
        }
        if (!access.mayUse(q.team(), q.cluster())) {
            throw new InvalidQuotaException("Team " + q.team() + " may not use " + q.cluster()
                    + ": let it in Admin › Cluster permissions first (that creates its Profile).");
        }
        for (Integer n : java.util.Arrays.asList(q.gpus(), q.pods())) {
            if (n != null && n < 0) {
                throw new InvalidQuotaException("GPUs and pods cannot be negative.");
            }
        }
        return new KubernetesQuota(
                q.team(), q.cluster(), quantity(q.cpu(), "CPU"), quantity(q.memory(), "Memory"), q.gpus(), q.pods());
    }

    private static @Nullable String quantity(@Nullable String value, String what) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        if (!ONE_WORD.matcher(v).matches()) {
            throw new InvalidQuotaException(
                    what + " must be one Kubernetes quantity without spaces, like 8, 500m or 16Gi.");
        }
        return v;
    }

    private static KubernetesQuota quota(ResultSet rs) throws SQLException {
        return new KubernetesQuota(
                rs.getString("team"),
                rs.getString("cluster_name"),
                rs.getString("cpu"),
                rs.getString("memory"),
                (Integer) rs.getObject("gpus"),
                (Integer) rs.getObject("pods"));
    }
}
