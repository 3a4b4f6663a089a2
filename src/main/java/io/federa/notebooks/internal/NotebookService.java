package io.federa.notebooks.internal;

import io.federa.access.ClusterAccount;
import io.federa.access.PersonSlurmUsers;
import io.federa.access.TeamAccounts;
import io.federa.clusters.ClusterOverview;
import io.federa.clusters.ClusterRegistry;
import io.federa.clusters.SlurmNode;
import io.federa.identity.CurrentUser;
import io.federa.kubernetes.KubernetesClusterOverview;
import io.federa.kubernetes.KubernetesClusters;
import io.federa.kubernetes.KubernetesFeature;
import io.federa.kubernetes.TeamKubernetesAccess;
import io.federa.kubernetes.TeamProfiles;
import io.federa.notebooks.IdleCullBounds;
import io.federa.notebooks.Notebook;
import io.federa.notebooks.NotebookImage;
import io.federa.notebooks.NotebookKind;
import io.federa.notebooks.NotebookNotFoundException;
import io.federa.notebooks.NotebookOptions;
import io.federa.notebooks.NotebookOptions.Place;
import io.federa.notebooks.NotebookRefusedException;
import io.federa.notebooks.NotebookRequest;
import io.federa.notebooks.NotebookResources;
import io.federa.notebooks.NotebookState;
import io.federa.notebooks.Notebooks;
import io.federa.quota.KubernetesQuota;
import io.federa.quota.KubernetesQuotas;
import io.federa.quota.NotebookQuotas;
import io.federa.quota.TeamNotebookQuota;
import io.federa.shared.BearerSecrets;
import io.federa.shared.NotAllowedException;
import io.federa.shared.Roles;
import io.federa.shared.UserFacingException;
import io.federa.tenancy.TeamDirectory;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The notebooks' rules: who may do what, what a request may ask for, and the order of a start (store
 * and reserve in one transaction, then ask the cluster outside it). The kinds' servers do the rest
 * ({@link KubernetesNotebooks}, {@link SlurmNotebooks}). See docs/adr/0030-notebooks.md.
 */
@Service
class NotebookService implements Notebooks {

    private static final int MIN_MEMORY_MIB = 256;

    private final JdbcNotebookStore store;
    private final JdbcNotebookCatalog catalog;
    private final NotebookLifecycle lifecycle;
    private final NotebookQuotas quotas;
    private final TeamDirectory teams;
    private final KubernetesClusters kubernetes;
    private final TeamKubernetesAccess kubernetesAccess;
    private final TeamProfiles profiles;
    private final KubernetesQuotas kubernetesQuotas;
    private final ClusterRegistry slurm;
    private final TeamAccounts teamAccounts;
    private final PersonSlurmUsers slurmUsers;
    private final Map<NotebookKind, NotebookServer> servers;
    private final NotebooksProperties props;
    private final TransactionTemplate tx;

    NotebookService(
            JdbcNotebookStore store,
            JdbcNotebookCatalog catalog,
            NotebookLifecycle lifecycle,
            NotebookQuotas quotas,
            TeamDirectory teams,
            KubernetesClusters kubernetes,
            TeamKubernetesAccess kubernetesAccess,
            TeamProfiles profiles,
            KubernetesQuotas kubernetesQuotas,
            ClusterRegistry slurm,
            TeamAccounts teamAccounts,
            PersonSlurmUsers slurmUsers,
            List<NotebookServer> servers,
            NotebooksProperties props,
            TransactionTemplate tx) {
        this.store = store;
        this.catalog = catalog;
        this.lifecycle = lifecycle;
        this.quotas = quotas;
        this.teams = teams;
        this.kubernetes = kubernetes;
        this.kubernetesAccess = kubernetesAccess;
        this.profiles = profiles;
        this.kubernetesQuotas = kubernetesQuotas;
        this.slurm = slurm;
        this.teamAccounts = teamAccounts;
        this.slurmUsers = slurmUsers;
        this.servers = servers.stream().collect(Collectors.toMap(NotebookServer::serves, Function.identity()));
        this.props = props;
        this.tx = tx;
    }

    // ---- starting

    @Override
    public Notebook start(CurrentUser user, NotebookRequest request) {
        requireStarter(user, request.team());
        Planned plan = plan(user, request);
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

    record SlurmPlan(
            String slurmUser, String account, @Nullable String partition) {}

    record Planned(Notebook notebook, @Nullable SlurmPlan slurm) {}

    Planned plan(CurrentUser user, NotebookRequest r) {
        var problems = new ArrayList<String>();
        List<Place> places = places(r.team());
        List<Place> fitting = places.stream()
                .filter(p -> r.kind() == null || p.kind() == r.kind())
                .filter(p -> r.cluster() == null
                        || r.cluster().isBlank()
                        || p.cluster().equals(r.cluster()))
                .filter(p -> catalog.image(p.kind(), r.image()).isPresent())
                .toList();
        if (places.isEmpty()) {
            throw new NotebookRefusedException("No cluster offers notebooks to team " + r.team()
                    + ": a portal admin gives the team a Kubernetes cluster with a notebook gateway, or a Slurm "
                    + "account.");
        }
        if (fitting.isEmpty()) {
            String where = r.cluster() != null && !r.cluster().isBlank()
                    ? "cluster " + r.cluster()
                    : r.kind() != null ? "any " + r.kind().label() + " cluster" : "any cluster";
            throw new NotebookRefusedException("Team " + r.team() + " cannot run \"" + r.image() + "\" on " + where
                    + ". It may use: "
                    + places.stream().map(Place::label).collect(Collectors.joining(", ")) + "; the "
                    + (r.kind() == NotebookKind.SLURM ? "environments" : "images") + " are: "
                    + catalogNames(r.kind()) + ".");
        }
        Place place = fitting.getFirst();
        NotebookImage image = catalog.image(place.kind(), r.image()).orElseThrow();
        if (r.cpus() < 1) {
            problems.add("A notebook needs at least 1 CPU.");
        }
        if (r.memoryMib() < MIN_MEMORY_MIB) {
            problems.add("A notebook needs at least " + MIN_MEMORY_MIB + " MiB of memory.");
        }
        if (r.gpus() < 0) {
            problems.add("GPUs cannot be negative.");
        } else if (r.gpus() > place.maxGpus()) {
            problems.add(
                    place.maxGpus() == 0
                            ? place.label() + " has no GPUs for team " + r.team() + "."
                            : "At most " + place.maxGpus() + " GPU(s) on " + place.label() + ".");
        }
        IdleCullBounds bounds = catalog.idleCullBounds();
        int idle = r.idleCullMinutes() == null ? bounds.defaultMinutes() : r.idleCullMinutes();
        if (idle < bounds.minMinutes() || idle > bounds.maxMinutes()) {
            problems.add("The idle time before a notebook is stopped must be between " + bounds.minMinutes() + " and "
                    + bounds.maxMinutes() + " minutes.");
        }
        Integer timeLimit = null;
        if (place.kind() == NotebookKind.SLURM) {
            timeLimit = r.timeLimitMinutes() == null
                    ? (int) props.defaultTimeLimit().toMinutes()
                    : r.timeLimitMinutes();
            if (timeLimit < 1 || timeLimit > props.maxTimeLimit().toMinutes()) {
                problems.add("The time limit must be between 1 and "
                        + props.maxTimeLimit().toMinutes() + " minutes.");
            }
        }
        SlurmPlan slurmPlan = null;
        String namespace = null;
        URI upstream = null;
        if (place.kind() == NotebookKind.SLURM) {
            Optional<String> slurmUser = slurmUsers.slurmUserOf(place.cluster(), user.username());
            if (slurmUser.isEmpty()) {
                problems.add("You have no Slurm user on " + place.cluster() + ": ask a portal admin to map one.");
            }
            String account = teamAccounts.accountsOf(List.of(r.team())).stream()
                    .filter(a -> a.cluster().equals(place.cluster()))
                    .map(ClusterAccount::account)
                    .findFirst()
                    .orElse("");
            List<String> partitions = teamAccounts.allowedPartitions(r.team(), place.cluster());
            slurmPlan =
                    new SlurmPlan(slurmUser.orElse(""), account, partitions.isEmpty() ? null : partitions.getFirst());
        } else {
            namespace = profiles.profileName(place.cluster(), r.team());
        }
        if (!problems.isEmpty()) {
            throw new NotebookRefusedException(problems);
        }
        String id = NotebookTokens.newId();
        Instant now = lifecycle.now();
        if (place.kind() == NotebookKind.KUBERNETES) {
            URI gateway = kubernetes.overview().stream()
                    .filter(c -> c.name().equals(place.cluster()))
                    .map(KubernetesClusterOverview::notebookGatewayUrl)
                    .findFirst()
                    .orElseThrow();
            upstream = upstream(gateway, "/notebook/" + namespace + "/" + id + "/");
        }
        var n = new Notebook(
                id,
                user.username(),
                r.team(),
                place.kind(),
                place.cluster(),
                place.kind() == NotebookKind.KUBERNETES ? image.value() : image.name(),
                new NotebookResources(r.cpus(), r.memoryMib(), r.gpus(), timeLimit),
                Duration.ofMinutes(idle),
                NotebookState.REQUESTED,
                place.kind() == NotebookKind.SLURM
                        ? "Submitting the Jupyter job to " + place.cluster() + "."
                        : "Asking " + place.cluster() + " for the notebook server.",
                now,
                null,
                null,
                upstream,
                namespace,
                null,
                false,
                null);
        return new Planned(n, slurmPlan);
    }

    /** The gateway's URL with the path appended (the gateway may have a path of its own). */
    static URI upstream(URI gateway, String path) {
        String base = gateway.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + path);
    }

    private String catalogNames(@Nullable NotebookKind kind) {
        var names = new ArrayList<String>();
        for (NotebookKind k : kind == null ? EnumSet.allOf(NotebookKind.class) : EnumSet.of(kind)) {
            catalog.images(k).forEach(i -> names.add(i.name() + " (" + k.label() + ")"));
        }
        return names.isEmpty() ? "none yet (a portal admin adds them)" : String.join(", ", names);
    }

    /** Where team's notebooks may run now. */
    List<Place> places(String team) {
        var places = new ArrayList<Place>();
        for (KubernetesClusterOverview c : kubernetes.overview()) {
            if (c.enabled()
                    && c.notebookGatewayUrl() != null
                    && c.health().features().contains(KubernetesFeature.NOTEBOOKS)
                    && kubernetesAccess.mayUse(team, c.name())) {
                // GPUs where the team's Profile quota grants them (the API server knows no nodes)
                int gpus = kubernetesQuotas
                        .quotaOf(team, c.name())
                        .map(KubernetesQuota::gpus)
                        .orElse(0);
                places.add(new Place(NotebookKind.KUBERNETES, c.name(), 0, gpus));
            }
        }
        var accounts = teamAccounts.accountsOf(List.of(team)).stream()
                .map(ClusterAccount::cluster)
                .collect(Collectors.toSet());
        for (ClusterOverview c : slurm.overview()) {
            if (c.enabled() && accounts.contains(c.name())) {
                int cpus =
                        c.nodes().stream().mapToInt(SlurmNode::cpusTotal).max().orElse(0);
                int gpus =
                        c.nodes().stream().mapToInt(SlurmNode::gpusTotal).max().orElse(0);
                places.add(new Place(NotebookKind.SLURM, c.name(), cpus, gpus));
            }
        }
        return places;
    }

    @Override
    public NotebookOptions options(CurrentUser user, String team) {
        requireStarter(user, team);
        var images = new ArrayList<NotebookImage>(catalog.images(NotebookKind.KUBERNETES));
        images.addAll(catalog.images(NotebookKind.SLURM));
        TeamNotebookQuota quota = quotas.notebookQuotaOf(user, team);
        return new NotebookOptions(
                team,
                places(team),
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
