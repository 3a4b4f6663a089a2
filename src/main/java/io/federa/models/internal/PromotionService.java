package io.federa.models.internal;

import io.federa.identity.CurrentUser;
import io.federa.models.Deployment;
import io.federa.models.InvalidModelException;
import io.federa.models.ModelEnvironment;
import io.federa.models.ModelEnvironments;
import io.federa.models.ModelNotFoundException;
import io.federa.models.ModelVersion;
import io.federa.models.PromotionConflictException;
import io.federa.models.PromotionDecided;
import io.federa.models.PromotionRequest;
import io.federa.models.PromotionRequested;
import io.federa.models.PromotionState;
import io.federa.models.PromotionWithdrawn;
import io.federa.models.Promotions;
import io.federa.shared.AuditEvents;
import io.federa.shared.AuditRecord;
import io.federa.shared.NotAllowedException;
import io.federa.shared.Roles;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Promotion requests and their four-eyes decision. A decision locks the request's row ({@code for
 * update}) before it reads the state, so of two approvers at once the second sees the first's outcome;
 * the deployment's unique (request, step) is the database's own guard behind that (ADR 32).
 */
@Service
class PromotionService implements Promotions {

    private final ModelStore store;
    private final JdbcClient jdbc;
    private final Access access;
    private final ModelEnvironments environments;
    private final Deployer deployer;
    private final ModelsProperties props;
    private final ApplicationEventPublisher events;
    private final AuditEvents audit;
    private final Clock clock;

    PromotionService(
            ModelStore store,
            JdbcClient jdbc,
            Access access,
            ModelEnvironments environments,
            Deployer deployer,
            ModelsProperties props,
            ApplicationEventPublisher events,
            AuditEvents audit,
            Clock clock) {
        this.store = store;
        this.jdbc = jdbc;
        this.access = access;
        this.environments = environments;
        this.deployer = deployer;
        this.props = props;
        this.events = events;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    @Transactional
    public PromotionRequest request(
            CurrentUser user, long versionId, String environment, String comment, boolean canary) {
        ModelVersion v = store.version(versionId)
                .filter(x -> access.mayRead(user, x.team()))
                .orElseThrow(() -> new ModelNotFoundException("model version " + versionId));
        access.requireWriter(user, v.team(), "model version " + versionId);
        return create(user, v, environment, comment, canary, "PROMOTE");
    }

    /** Also the way a rollback that needs approval is asked for. */
    PromotionRequest create(
            CurrentUser user, ModelVersion v, String environment, String comment, boolean canary, String kind) {
        if (v.deleted()) {
            throw new PromotionConflictException(v.label() + " was deleted: it cannot be promoted.");
        }
        ModelEnvironment env = environments
                .find(environment)
                .orElseThrow(() -> new ModelNotFoundException("environment " + environment));
        if (comment.isBlank()) {
            throw new InvalidModelException("Say why in the comment: the approvers read it.");
        }
        long id = jdbc.sql("""
                        insert into promotion_requests (team, model_id, version_id, environment, kind, canary,
                            requested_by, comment, state, created_at)
                        values (:team, :model, :version, :env, :kind, :canary, :by, :comment, 'PENDING', :at)
                        returning id""")
                .param("team", v.team())
                .param("model", v.modelId())
                .param("version", v.id())
                .param("env", env.name())
                .param("kind", kind)
                .param("canary", canary)
                .param("by", user.username())
                .param("comment", comment.strip())
                .param("at", Timestamp.from(clock.instant()))
                .query(Long.class)
                .single();
        var after = new LinkedHashMap<String, String>();
        after.put("version", v.label());
        after.put("environment", env.name());
        after.put("kind", kind);
        after.put("canary", Boolean.toString(canary));
        after.put("comment", comment.strip());
        events.publishEvent(new PromotionRequested(
                audit.recordFor(user.username(), "promotion.requested", "promotion-request", Long.toString(id))
                        .team(v.team())
                        .after(after)));
        return store.request(id).orElseThrow();
    }

    @Override
    @Transactional
    public PromotionRequest withdraw(CurrentUser user, long requestId) {
        PromotionRequest r = locked(user, requestId);
        if (!r.requestedBy().equals(user.username())) {
            throw refused(user, r, "promotion.withdrawn", "Only " + r.requestedBy() + ", who asked, may withdraw it.");
        }
        if (r.state().decided()) {
            throw new PromotionConflictException(
                    "The request was " + r.state().name().toLowerCase() + " already.");
        }
        finish(r.id(), PromotionState.WITHDRAWN, null);
        events.publishEvent(new PromotionWithdrawn(
                audit.recordFor(user.username(), "promotion.withdrawn", "promotion-request", Long.toString(r.id()))
                        .team(r.team())
                        .before(Map.of("state", "PENDING"))
                        .after(Map.of("state", "WITHDRAWN"))));
        return store.request(r.id()).orElseThrow();
    }

    @Override
    @Transactional
    public PromotionRequest approve(CurrentUser user, long requestId, String comment) {
        return decide(user, requestId, comment, true);
    }

    @Override
    @Transactional
    public PromotionRequest reject(CurrentUser user, long requestId, String comment) {
        return decide(user, requestId, comment, false);
    }

    private PromotionRequest decide(CurrentUser user, long requestId, String comment, boolean approve) {
        String action = approve ? "promotion.approved" : "promotion.rejected";
        PromotionRequest r = locked(user, requestId);
        ModelEnvironment env = environments.find(r.environment()).orElseThrow();
        if (r.requestedBy().equals(user.username())) {
            throw refused(user, r, action, "You asked for this promotion: someone else must decide it.");
        }
        if (!isApprover(user, r, env)) {
            throw refused(user, r, action, "Only approvers decide promotions to " + env.name() + ".");
        }
        if (r.state().decided()) {
            throw new PromotionConflictException("The request was "
                    + r.state().name().toLowerCase() + " already: a decided request stays as it is.");
        }
        if (r.decisions().stream().anyMatch(d -> d.by().equals(user.username()))) {
            throw new PromotionConflictException(
                    "You approved it already; " + env.approvalsNeeded() + " different approvers are needed.");
        }
        if (!approve && comment.isBlank()) {
            throw new InvalidModelException("Say why you reject it: the requester reads the comment.");
        }
        jdbc.sql("""
                        insert into promotion_decisions (request_id, decided_by, approved, comment, decided_at)
                        values (:r, :by, :approved, :comment, :at)""")
                .param("r", r.id())
                .param("by", user.username())
                .param("approved", approve)
                .param("comment", comment.strip())
                .param("at", Timestamp.from(clock.instant()))
                .update();
        AuditRecord record = audit.recordFor(user.username(), action, "promotion-request", Long.toString(r.id()))
                .team(r.team())
                .after(Map.of(
                        "version",
                        r.model() + " v" + r.version(),
                        "environment",
                        r.environment(),
                        "comment",
                        comment.strip()));
        if (!approve) {
            finish(r.id(), PromotionState.REJECTED, null);
            events.publishEvent(new PromotionDecided(record));
            return store.request(r.id()).orElseThrow();
        }
        long approvals = r.decisions().stream()
                        .filter(PromotionRequest.Decision::approved)
                        .count()
                + 1;
        if (approvals < env.approvalsNeeded()) {
            events.publishEvent(new PromotionDecided(record));
            return store.request(r.id()).orElseThrow();
        }
        events.publishEvent(new PromotionDecided(record));
        String approvers = String.join(
                ", ",
                java.util.stream.Stream.concat(
                                r.decisions().stream()
                                        .filter(PromotionRequest.Decision::approved)
                                        .map(PromotionRequest.Decision::by),
                                java.util.stream.Stream.of(user.username()))
                        .toList());
        store.lockModel(r.modelId());
        ModelVersion v = store.version(r.versionId()).orElseThrow();
        try {
            deploy(r, v, env, approvers, user.username());
            finish(r.id(), PromotionState.APPROVED, null);
        } catch (Deployer.DeploymentFailedException e) {
            finish(r.id(), PromotionState.FAILED, e.userMessage());
            events.publishEvent(new PromotionDecided(
                    audit.recordFor(user.username(), "promotion.deployed", "promotion-request", Long.toString(r.id()))
                            .team(r.team())
                            .failed(e.userMessage())));
        }
        return store.request(r.id()).orElseThrow();
    }

    private Deployment deploy(
            PromotionRequest r, ModelVersion v, ModelEnvironment env, String approvers, String actor) {
        if (r.kind().equals("ROLLBACK")) {
            return deployer.deploy(v, env, "ROLLBACK", null, r.id(), r.requestedBy(), approvers, actor);
        }
        Optional<Deployment> serving = store.lastApplied(r.modelId(), env.name());
        boolean canary = r.canary() && serving.isPresent() && serving.get().versionId() != v.id();
        return canary
                ? deployer.deploy(v, env, "CANARY", props.canaryPercent(), r.id(), r.requestedBy(), approvers, actor)
                : deployer.deploy(v, env, "DEPLOY", null, r.id(), r.requestedBy(), approvers, actor);
    }

    private void finish(long id, PromotionState state, @Nullable String reason) {
        jdbc.sql("update promotion_requests set state = :s, reason = :reason, decided_at = :at where id = :id")
                .param("s", state.name())
                .param("reason", reason)
                .param("at", Timestamp.from(clock.instant()))
                .param("id", id)
                .update();
    }

    /** The request, its row locked until the transaction ends; 404 unless the user may see it. */
    private PromotionRequest locked(CurrentUser user, long requestId) {
        Optional<Long> row = jdbc.sql("select id from promotion_requests where id = :id for update")
                .param("id", requestId)
                .query(Long.class)
                .optional();
        return row.flatMap(store::request)
                .filter(r -> mayView(user, r))
                .orElseThrow(() -> new ModelNotFoundException("promotion request " + requestId));
    }

    private NotAllowedException refused(CurrentUser user, PromotionRequest r, String action, String why) {
        audit.publishAlone(new PromotionDecided(
                audit.recordFor(user.username(), action, "promotion-request", Long.toString(r.id()))
                        .team(r.team())
                        .refused(why)));
        return new NotAllowedException(why);
    }

    private boolean isApprover(CurrentUser user, PromotionRequest r, ModelEnvironment env) {
        return user.hasRole(Roles.APPROVER) || (env.teamAdminsApprove() && access.isTeamAdmin(user, r.team()));
    }

    private boolean mayView(CurrentUser user, PromotionRequest r) {
        return access.mayRead(user, r.team()) || user.hasRole(Roles.APPROVER);
    }

    @Override
    @Transactional(readOnly = true)
    public boolean mayDecide(CurrentUser user, PromotionRequest r) {
        if (r.state().decided() || r.requestedBy().equals(user.username())) {
            return false;
        }
        if (r.decisions().stream().anyMatch(d -> d.by().equals(user.username()))) {
            return false;
        }
        return environments
                .find(r.environment())
                .map(env -> isApprover(user, r, env))
                .orElse(false);
    }

    @Override
    @Transactional(readOnly = true)
    public List<PromotionRequest> queue(CurrentUser user) {
        return store.requests("r.state = 'PENDING' order by r.id", Map.of()).stream()
                .filter(r -> mayDecide(user, r))
                .toList();
    }

    @Override
    @Transactional(readOnly = true)
    public List<PromotionRequest> visible(CurrentUser user) {
        return store.requests("true order by r.id desc limit 1000", Map.of()).stream()
                .filter(r -> mayView(user, r))
                .limit(200)
                .toList();
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<PromotionRequest> find(CurrentUser user, long requestId) {
        return store.request(requestId).filter(r -> mayView(user, r));
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<ModelVersion> versionOf(CurrentUser user, long requestId) {
        return find(user, requestId).flatMap(r -> store.version(r.versionId()));
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<ModelVersion> servingNow(CurrentUser user, long requestId) {
        return find(user, requestId)
                .flatMap(r -> store.lastApplied(r.modelId(), r.environment()))
                .flatMap(d -> store.version(d.versionId()));
    }
}
