package io.federa.notebooks.internal;

import io.federa.identity.CurrentUser;
import io.federa.notebooks.Notebook;
import io.federa.notebooks.NotebookImage;
import io.federa.notebooks.NotebookKind;
import io.federa.notebooks.NotebookNotFoundException;
import io.federa.notebooks.NotebookOptions;
import io.federa.notebooks.NotebookRefusedException;
import io.federa.notebooks.NotebookRequest;
import io.federa.notebooks.NotebookState;
import io.federa.notebooks.Notebooks;
import io.federa.quota.NotebookQuotas;
import io.federa.quota.TeamNotebookQuota;
import io.federa.shared.BearerSecrets;
import io.federa.shared.NotAllowedException;
import io.federa.shared.Roles;
import io.federa.shared.UserFacingException;
import io.federa.tenancy.TeamDirectory;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The notebooks' rules: who may do what, what a request may ask for, and the order of a start (store
 * and reserve in one transaction, then ask the cluster outside it). What a request becomes is
 * {@link NotebookPlanner}'s; the kinds' servers do the rest
 * ({@link KubernetesNotebooks}, {@link SlurmNotebooks}). See docs/adr/0030-notebooks.md.
 */
@Service
class NotebookService implements Notebooks {

    private final JdbcNotebookStore store;
    private final JdbcNotebookCatalog catalog;
    private final NotebookLifecycle lifecycle;
    private final NotebookQuotas quotas;
    private final TeamDirectory teams;
    private final NotebookPlanner planner;
    private final Map<NotebookKind, NotebookServer> servers;
    private final TransactionTemplate tx;

    NotebookService(
            JdbcNotebookStore store,
            JdbcNotebookCatalog catalog,
            NotebookLifecycle lifecycle,
            NotebookQuotas quotas,
            TeamDirectory teams,
            NotebookPlanner planner,
            List<NotebookServer> servers,
            TransactionTemplate tx) {
        this.store = store;
        this.catalog = catalog;
        this.lifecycle = lifecycle;
        this.quotas = quotas;
        this.teams = teams;
        this.planner = planner;
        this.servers = servers.stream().collect(Collectors.toMap(NotebookServer::serves, Function.identity()));
        this.tx = tx;
    }

    // ---- starting

    @Override
    public Notebook start(CurrentUser user, NotebookRequest request) {
        requireStarter(user, request.team());
        NotebookPlanner.Planned plan = planner.plan(user, request);
        Notebook n = plan.notebook();
        String jupyterToken = BearerSecrets.newSecret("");
        String reportToken =
                n.kind() == NotebookKind.SLURM ? BearerSecrets.newSecret(NotebookTokens.REPORT_PREFIX) : null;
        tx.executeWithoutResult(s -> {
            store.insert(
                    n,
                    jupyterToken,
                    plan.slurm() == null
                            ? null
                            : new JdbcNotebookStore.SlurmTarget(
                                    plan.slurm().slurmUser(),
                                    plan.slurm().account(),
                                    plan.slurm().partition(),
                                    BearerSecrets.hash(reportToken)));
            // stored and reserved together: a quota refusal leaves nothing behind
            quotas.reserveNotebook(n.team(), n.owner(), n.id());
            lifecycle.record(n, "started", null);
        });
        servers.get(n.kind()).launch(n, jupyterToken, reportToken);
        return store.find(n.id()).orElseThrow();
    }

    private void requireStarter(CurrentUser user, String team) {
        if (!user.hasRole(Roles.DATA_SCIENTIST) || !teams.mayActFor(user, team)) {
            throw new NotAllowedException("Only data scientists of team " + team + " can start its notebooks.");
        }
    }

    @Override
    public NotebookOptions options(CurrentUser user, String team) {
        requireStarter(user, team);
        var images = new ArrayList<NotebookImage>(catalog.images(NotebookKind.KUBERNETES));
        images.addAll(catalog.images(NotebookKind.SLURM));
        TeamNotebookQuota quota = quotas.notebookQuotaOf(user, team);
        return new NotebookOptions(
                team,
                planner.places(team),
                images,
                catalog.idleCullBounds(),
                quota.effective(),
                quotas.openBy(team, user.username()),
                quota.open());
    }

    // ---- reading

    @Override
    public List<Notebook> visible(CurrentUser user) {
        return store.list(user.isPortalAdmin() ? null : user.username());
    }

    @Override
    public Notebook find(CurrentUser user, String id) {
        return store.find(id).filter(n -> mayRead(user, n)).orElseThrow(() -> new NotebookNotFoundException(id));
    }

    static boolean mayRead(CurrentUser user, Notebook n) {
        return n.owner().equals(user.username()) || user.isPortalAdmin();
    }

    /** The owner, still a data scientist of the team, or a portal admin (stop, delete). */
    private Notebook manageable(CurrentUser user, String id) {
        Notebook n = find(user, id);
        if (!user.isPortalAdmin() && !(user.hasRole(Roles.DATA_SCIENTIST) && teams.mayActFor(user, n.team()))) {
            throw new NotAllowedException("You are no longer a data scientist of team " + n.team() + ".");
        }
        return n;
    }

    // ---- stopping, starting again, deleting

    @Override
    public Notebook stop(CurrentUser user, String id) {
        Notebook n = manageable(user, id);
        if (!n.state().isRunning()) {
            throw NotebookRefusedException.conflict(
                    "Notebook " + id + " is " + n.state().label() + ": there is nothing to stop.");
        }
        stopNow(n, "Stopped by " + user.username() + ".", "stopped");
        return store.find(id).orElseThrow();
    }

    /** Stops a running notebook (a person's stop, or the culler's). */
    void stopNow(Notebook n, String reason, String action) {
        if (lifecycle.move(n, RUNNING, NotebookState.STOPPING, reason, action)) {
            try {
                servers.get(n.kind()).stop(n);
            } catch (UserFacingException e) {
                store.reason(
                        n.id(),
                        NotebookState.STOPPING,
                        reason + " The cluster has not confirmed yet: " + e.userMessage());
            }
        }
    }

    static final EnumSet<NotebookState> RUNNING =
            EnumSet.of(NotebookState.REQUESTED, NotebookState.QUEUED, NotebookState.STARTING, NotebookState.READY);

    @Override
    public Notebook startAgain(CurrentUser user, String id) {
        Notebook n = find(user, id);
        requireStarter(user, n.team());
        if (!n.owner().equals(user.username())) {
            throw new NotebookNotFoundException(id);
        }
        if (!n.state().isDown()) {
            throw NotebookRefusedException.conflict("Notebook " + id + " is "
                    + n.state().label() + ": only a stopped or failed notebook can be started again.");
        }
        String reportToken =
                n.kind() == NotebookKind.SLURM ? BearerSecrets.newSecret(NotebookTokens.REPORT_PREFIX) : null;
        Boolean moved = tx.execute(s -> {
            quotas.reserveNotebook(n.team(), n.owner(), n.id());
            if (reportToken != null) {
                store.resubmitting(n.id(), BearerSecrets.hash(reportToken), lifecycle.now());
            }
            return lifecycle.move(
                    n,
                    EnumSet.of(NotebookState.STOPPED, NotebookState.FAILED),
                    NotebookState.REQUESTED,
                    "Starting again.",
                    "restarted");
        });
        if (!Boolean.TRUE.equals(moved)) {
            throw NotebookRefusedException.conflict("Notebook " + id + " changed meanwhile; try again.");
        }
        Notebook requested = store.find(id).orElseThrow();
        servers.get(n.kind()).launch(requested, store.jupyterToken(id), reportToken);
        return store.find(id).orElseThrow();
    }

    @Override
    public void delete(CurrentUser user, String id) {
        Notebook n = manageable(user, id);
        if (!n.owner().equals(user.username())) {
            // an admin may stop anyone's notebook, but deleting loses its volume: the owner's call
            throw new NotAllowedException("Only " + n.owner() + " can delete notebook " + id + "; you may stop it.");
        }
        try {
            servers.get(n.kind()).remove(n);
        } catch (UserFacingException e) {
            throw new NotebookRefusedException("Notebook " + id + " cannot be deleted now: " + e.userMessage());
        }
        lifecycle.move(
                n,
                EnumSet.complementOf(EnumSet.of(NotebookState.DELETED)),
                NotebookState.DELETED,
                "Deleted by " + user.username() + ".",
                "deleted");
    }

    @Override
    public Notebook extend(CurrentUser user, String id) {
        Notebook n = find(user, id);
        if (!n.owner().equals(user.username())) {
            throw new NotebookNotFoundException(id);
        }
        store.activity(id, lifecycle.now());
        lifecycle.record(n, "extended", null);
        return store.find(id).orElseThrow();
    }

    @Override
    public Notebook share(CurrentUser user, String id, boolean withAdmins) {
        Notebook n = find(user, id);
        if (!n.owner().equals(user.username())) {
            throw new NotebookNotFoundException(id);
        }
        store.shared(id, withAdmins);
        lifecycle.record(n, withAdmins ? "shared" : "unshared", null);
        return store.find(id).orElseThrow();
    }
}
