package io.federa.models.internal;

import io.federa.models.InvalidModelException;
import io.federa.models.ModelEnvironment;
import io.federa.models.ModelEnvironmentSaved;
import io.federa.models.ModelEnvironments;
import io.federa.shared.AuditEvents;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Environments in PostgreSQL. The quantities (cpu, memory) are not parsed here: the API server's
 * schema judges them when a deployment is written, and a refusal is shown (ADR 22's rule).
 */
@Service
class EnvironmentService implements ModelEnvironments {

    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,20}[a-z0-9])?");
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9{}]([-a-z0-9{}]{0,61}[a-z0-9{}])?");

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;
    private final AuditEvents audit;
    private final Clock clock;

    EnvironmentService(JdbcClient jdbc, ApplicationEventPublisher events, AuditEvents audit, Clock clock) {
        this.jdbc = jdbc;
        this.events = events;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    @Transactional(readOnly = true)
    public List<ModelEnvironment> list() {
        return jdbc.sql("select * from model_environments order by name")
                .query(EnvironmentService::environment)
                .list();
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<ModelEnvironment> find(String name) {
        return jdbc.sql("select * from model_environments where name = :n")
                .param("n", name)
                .query(EnvironmentService::environment)
                .optional();
    }

    @Override
    @Transactional
    public ModelEnvironment save(ModelEnvironment e) {
        if (!NAME.matcher(e.name()).matches()) {
            throw new InvalidModelException(
                    "An environment's name is a DNS label of at most 22 characters (it ends the InferenceService's name).");
        }
        if (e.cluster().isBlank()) {
            throw new InvalidModelException("Choose the Kubernetes cluster the environment deploys to.");
        }
        if (!e.namespacePattern().isEmpty()
                && (!NAMESPACE.matcher(e.namespacePattern()).matches()
                        || !e.namespacePattern().contains("{team}"))) {
            throw new InvalidModelException("The namespace is empty (the team's own namespace on the cluster) or a "
                    + "DNS label with {team} in it, which stands for the team's name (\"{team}-prod\"): teams never "
                    + "share a namespace.");
        }
        if (e.approvalsNeeded() < 1 || e.approvalsNeeded() > 2) {
            throw new InvalidModelException("An environment needs 1 or 2 approvals.");
        }
        if (e.minReplicas() < 0 || e.maxReplicas() < Math.max(1, e.minReplicas())) {
            throw new InvalidModelException("Replicas: at least 0, and the most at least 1 and at least the least.");
        }
        Optional<ModelEnvironment> before = find(e.name());
        jdbc.sql("""
                        insert into model_environments (name, cluster_name, namespace_pattern, team_admins_approve,
                            approvals_needed, rollback_without_approval, cpu, memory, min_replicas, max_replicas,
                            updated_at)
                        values (:name, :cluster, :ns, :admins, :approvals, :rollback, :cpu, :memory, :min, :max, :at)
                        on conflict (name) do update set cluster_name = excluded.cluster_name,
                            namespace_pattern = excluded.namespace_pattern,
                            team_admins_approve = excluded.team_admins_approve,
                            approvals_needed = excluded.approvals_needed,
                            rollback_without_approval = excluded.rollback_without_approval,
                            cpu = excluded.cpu, memory = excluded.memory, min_replicas = excluded.min_replicas,
                            max_replicas = excluded.max_replicas, updated_at = excluded.updated_at""")
                .param("name", e.name())
                .param("cluster", e.cluster().trim())
                .param("ns", e.namespacePattern())
                .param("admins", e.teamAdminsApprove())
                .param("approvals", e.approvalsNeeded())
                .param("rollback", e.rollbackWithoutApproval())
                .param("cpu", e.cpu().trim())
                .param("memory", e.memory().trim())
                .param("min", e.minReplicas())
                .param("max", e.maxReplicas())
                .param("at", Timestamp.from(clock.instant()))
                .update();
        events.publishEvent(
                new ModelEnvironmentSaved(audit.record("model-environment.saved", "model-environment", e.name())
                        .before(before.map(EnvironmentService::summary).orElse(java.util.Map.of()))
                        .after(summary(e))));
        return find(e.name()).orElseThrow();
    }

    private static java.util.Map<String, String> summary(ModelEnvironment e) {
        var m = new LinkedHashMap<String, String>();
        m.put("cluster", e.cluster());
        m.put("namespace", e.namespacePattern());
        m.put("approvals", Integer.toString(e.approvalsNeeded()));
        m.put("teamAdminsApprove", Boolean.toString(e.teamAdminsApprove()));
        m.put("rollbackWithoutApproval", Boolean.toString(e.rollbackWithoutApproval()));
        m.put("resources", e.cpu() + " cpu, " + e.memory());
        m.put("replicas", e.minReplicas() + ".." + e.maxReplicas());
        return m;
    }

    private static ModelEnvironment environment(ResultSet rs, int n) throws SQLException {
        return new ModelEnvironment(
                rs.getString("name"),
                rs.getString("cluster_name"),
                rs.getString("namespace_pattern"),
                rs.getBoolean("team_admins_approve"),
                rs.getInt("approvals_needed"),
                rs.getBoolean("rollback_without_approval"),
                rs.getString("cpu"),
                rs.getString("memory"),
                rs.getInt("min_replicas"),
                rs.getInt("max_replicas"));
    }
}
