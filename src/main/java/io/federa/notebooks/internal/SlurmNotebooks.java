package io.federa.notebooks.internal;

import io.federa.clusters.JobState;
import io.federa.clusters.JobSubmission;
import io.federa.clusters.SlurmClients;
import io.federa.mirror.JobMirror;
import io.federa.mirror.MirroredJob;
import io.federa.mirror.QueuePosition;
import io.federa.mirror.WhyItWaits;
import io.federa.notebooks.Notebook;
import io.federa.notebooks.NotebookImage;
import io.federa.notebooks.NotebookKind;
import io.federa.notebooks.NotebookState;
import io.federa.shared.BearerSecrets;
import io.federa.shared.FederaProperties;
import io.federa.shared.UserFacingException;
import io.federa.submission.ExactlyOnce;
import io.federa.submission.SubmissionLedger;
import io.federa.submission.SubmissionProperties;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Notebooks on Slurm: Jupyter as a batch job, sent through the submit-exactly-once core (this is its
 * ledger; ADR 25) as the person's Slurm user under the team's account. Jupyter's token and the job's
 * report token travel only in the job's environment; the job's output goes nowhere (Jupyter prints
 * its token in URLs). Once Jupyter answers, the job reports its node and port ({@link #report}); the
 * portal derives the host from the node name itself, so a job cannot point the proxy anywhere else.
 */
@Component
class SlurmNotebooks implements NotebookServer, SubmissionLedger {

    static final String COMMENT_PREFIX = "federa-notebook=";

    private final JdbcNotebookStore store;
    private final NotebookLifecycle lifecycle;
    private final ExactlyOnce exactlyOnce;
    private final SlurmClients clients;
    private final JobMirror mirror;
    private final WhyItWaits whyItWaits;
    private final NotebooksProperties props;
    private final JdbcNotebookCatalog catalog;
    private final SubmissionProperties submission;
    private final FederaProperties federa;
    private final Environment environment;

    SlurmNotebooks(
            JdbcNotebookStore store,
            NotebookLifecycle lifecycle,
            ExactlyOnce exactlyOnce,
            SlurmClients clients,
            JobMirror mirror,
            WhyItWaits whyItWaits,
            NotebooksProperties props,
            JdbcNotebookCatalog catalog,
            SubmissionProperties submission,
            FederaProperties federa,
            Environment environment) {
        this.store = store;
        this.lifecycle = lifecycle;
        this.exactlyOnce = exactlyOnce;
        this.clients = clients;
        this.mirror = mirror;
        this.whyItWaits = whyItWaits;
        this.props = props;
        this.catalog = catalog;
        this.submission = submission;
        this.federa = federa;
        this.environment = environment;
    }

    @Override
    public NotebookKind serves() {
        return NotebookKind.SLURM;
    }

    // ---- the server

    @Override
    public void launch(Notebook n, String jupyterToken, @Nullable String reportToken) {
        JdbcNotebookStore.SlurmSide side = store.slurmSide(n.id()).orElseThrow();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("FEDERA_URL", federa.jobsUrl(environment));
        env.put("FEDERA_NOTEBOOK_ID", n.id());
        env.put("FEDERA_NOTEBOOK_TOKEN", java.util.Objects.requireNonNull(reportToken));
        env.put("FEDERA_NOTEBOOK_BASE", basePath(n.id()));
        env.put("JUPYTER_TOKEN", jupyterToken);
        var job = new JobSubmission(
                script(n, environmentLine(n)),
                "notebook-" + n.id(),
                side.account(),
                side.partition(),
                1,
                n.resources().cpus(),
                n.resources().timeLimitMinutes(),
                submission.workingDirectory(),
                "/dev/null",
                comment(n.id()),
                env,
                1,
                n.resources().gpus() > 0 ? "gpu:" + n.resources().gpus() : null,
                false);
        exactlyOnce.send(this, n.id(), n.cluster(), side.slurmUser(), job);
    }

    /**
     * The admin's line for the notebook's environment (trusted: only portal admins write it); a
     * comment when an admin removed the environment since.
     */
    private String environmentLine(Notebook n) {
        return catalog.image(NotebookKind.SLURM, n.image())
                .map(NotebookImage::value)
                .orElse("# environment " + n.image().replaceAll("[^A-Za-z0-9 ._-]", "") + " no longer exists");
    }

    /** Where Jupyter serves under: the portal's proxy path, so Jupyter's own links work through it. */
    static String basePath(String id) {
        return "/notebooks/" + id + "/";
    }

    /**
     * The batch script. Nothing a person typed is in it: the environment line is a portal admin's, the
     * rest comes from the job's environment.
     */
    String script(Notebook n, String environmentLine) {
        return """
                #!/bin/bash
                # Federa notebook %s: Jupyter as a batch job (docs/adr/0030-notebooks.md). Its token is in
                # JUPYTER_TOKEN (the job's environment): never on a command line, never in a file.
                set -u
                umask 077
                %s
                NB_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("",0)); print(s.getsockname()[1])')
                NB_DIR="${HOME:-}"; [ -d "$NB_DIR" ] || NB_DIR="$PWD"
                export JUPYTER_RUNTIME_DIR="${TMPDIR:-/tmp}/federa-$SLURM_JOB_ID-jupyter"
                mkdir -p "$JUPYTER_RUNTIME_DIR"
                %s --no-browser --ip=0.0.0.0 --port="$NB_PORT" --NotebookApp.port_retries=0 \\
                  --NotebookApp.base_url="$FEDERA_NOTEBOOK_BASE" --notebook-dir="$NB_DIR" >/dev/null 2>&1 &
                JUPYTER=$!
                trap 'kill -TERM $JUPYTER 2>/dev/null; wait $JUPYTER; rm -rf "$JUPYTER_RUNTIME_DIR"; exit 0' TERM INT
                NB_PORT=$NB_PORT python3 - <<'REPORT' || { kill -TERM $JUPYTER 2>/dev/null; exit 1; }
                import json, os, socket, time, urllib.error, urllib.request
                port = int(os.environ["NB_PORT"])
                deadline = time.time() + 300
                while True:  # until Jupyter listens
                    try:
                        socket.create_connection(("127.0.0.1", port), timeout=2).close()
                        break
                    except OSError:
                        if time.time() > deadline:
                            raise SystemExit("Jupyter did not start")
                        time.sleep(0.5)
                body = json.dumps({"node": os.environ.get("SLURMD_NODENAME", ""), "port": port}).encode()
                url = os.environ["FEDERA_URL"] + "/api/notebooks/" + os.environ["FEDERA_NOTEBOOK_ID"] + "/report"
                while True:  # until the portal took it (it waits for its mirror to show the job running)
                    request = urllib.request.Request(url, data=body, method="POST", headers={
                        "Authorization": "Bearer " + os.environ["FEDERA_NOTEBOOK_TOKEN"],
                        "Content-Type": "application/json"})
                    try:
                        urllib.request.urlopen(request, timeout=30).close()
                        break
                    except urllib.error.HTTPError as e:
                        if e.code not in (409, 429, 502, 503) or time.time() > deadline:
                            raise SystemExit("the portal refused the report: HTTP %%d" %% e.code)
                    except OSError:
                        if time.time() > deadline:
                            raise SystemExit("the portal cannot be reached")
                    time.sleep(1)
                REPORT
                wait $JUPYTER
                """.formatted(n.id(), environmentLine, props.jupyterCommand());
    }

    @Override
    public void stop(Notebook n) {
        Long job = n.slurmJobId();
        if (job == null) {
            return; // jobFound cancels it once the core found it
        }
        JdbcNotebookStore.SlurmSide side = store.slurmSide(n.id()).orElseThrow();
        clients.forCluster(n.cluster()).cancel(side.slurmUser(), job);
    }

    @Override
    public void remove(Notebook n) {
        if (n.state().isRunning() || n.state() == NotebookState.STOPPING) {
            stop(n);
        }
    }

    // ---- following the mirror

    @Override
    public void follow() {
        for (Notebook n : store.inStates(
                NotebookKind.SLURM,
                EnumSet.of(
                        NotebookState.QUEUED, NotebookState.STARTING, NotebookState.READY, NotebookState.STOPPING))) {
            Long jobId = n.slurmJobId();
            if (jobId == null) {
                continue;
            }
            mirror.job(n.cluster(), jobId).ifPresent(job -> follow(n, job));
        }
    }

    private void follow(Notebook n, MirroredJob job) {
        JobState s = job.state();
        if (s.isFinal()) {
            String reason;
            NotebookState to;
            if (n.state() == NotebookState.STOPPING) {
                to = NotebookState.STOPPED;
                reason = n.reason() + " Its job ended; files in its working directory stay.";
            } else if (s == JobState.CANCELLED) {
                to = NotebookState.STOPPED;
                reason = "Its job was cancelled outside the portal; files in its working directory stay. Start it "
                        + "again when you need it.";
            } else if (s == JobState.TIMEOUT) {
                to = NotebookState.STOPPED;
                reason = "Its time limit (" + n.resources().timeLimitMinutes()
                        + " min) was reached; files stay. Start it again when you need it.";
            } else {
                to = NotebookState.FAILED;
                reason = "The Jupyter job ended (" + s.name().toLowerCase(java.util.Locale.ROOT)
                        + (job.exitCode() == null ? "" : ", exit code " + job.exitCode())
                        + (job.stateReason().isBlank() || job.stateReason().equals("None")
                                ? ""
                                : ", " + job.stateReason())
                        + ").";
            }
            lifecycle.move(
                    n,
                    EnumSet.of(
                            NotebookState.QUEUED, NotebookState.STARTING, NotebookState.READY, NotebookState.STOPPING),
                    to,
                    reason,
                    to == NotebookState.FAILED ? "failed" : null);
            return;
        }
        if (s == JobState.PENDING) {
            String why = whyItWaits.explain(job);
            Optional<QueuePosition> position = mirror.queuePosition(n.cluster(), job.jobId());
            String reason = "Queued in Slurm as job " + job.jobId()
                    + position.map(p -> ", position " + p.position() + " of " + p.pending() + " waiting in partition "
                                    + p.partition())
                            .orElse("")
                    + (why.isEmpty() ? "." : ". " + why);
            if (n.state() == NotebookState.QUEUED) {
                store.reason(n.id(), NotebookState.QUEUED, reason);
            }
            return;
        }
        if (s == JobState.RUNNING && n.state() == NotebookState.QUEUED) {
            lifecycle.move(
                    n,
                    EnumSet.of(NotebookState.QUEUED),
                    NotebookState.STARTING,
                    "Running on " + job.nodes() + "; waiting for Jupyter to start and report.",
                    null);
        }
    }

    // ---- the job's report

    NotebookReports.Outcome report(String id, String token, String node, int port) {
        Optional<String> hash = store.reportTokenHash(id);
        if (hash.isEmpty() || hash.get() == null || !BearerSecrets.matches(token, hash.get())) {
            return NotebookReports.Outcome.REFUSED;
        }
        Optional<Notebook> found = store.find(id);
        if (found.isEmpty() || port < 1024 || port > 65535) {
            return NotebookReports.Outcome.REFUSED;
        }
        Notebook n = found.get();
        if (n.state() == NotebookState.REQUESTED) {
            return NotebookReports.Outcome.NOT_YET; // the core has not recorded the job id yet
        }
        if (n.state() != NotebookState.QUEUED && n.state() != NotebookState.STARTING) {
            return NotebookReports.Outcome.REFUSED;
        }
        Optional<MirroredJob> job = n.slurmJobId() == null ? Optional.empty() : mirror.job(n.cluster(), n.slurmJobId());
        if (job.isEmpty() || job.get().state() != JobState.RUNNING) {
            return NotebookReports.Outcome.NOT_YET;
        }
        if (!SlurmHostlist.expand(job.get().nodes()).contains(node)) {
            return NotebookReports.Outcome.REFUSED;
        }
        String host = props.slurmNodeAddress().replace("{node}", node);
        store.upstream(id, java.net.URI.create("http://" + host + ":" + port + basePath(id)));
        lifecycle.move(
                n,
                EnumSet.of(NotebookState.QUEUED, NotebookState.STARTING),
                NotebookState.READY,
                "Jupyter is up on " + node + ".",
                null);
        return NotebookReports.Outcome.TAKEN;
    }

    // ---- the ledger of the submit-exactly-once core

    @Override
    public String commentPrefix() {
        return COMMENT_PREFIX;
    }

    @Override
    public String kind() {
        return "notebook";
    }

    @Override
    public boolean jobArray() {
        return false;
    }

    @Override
    public Collection<String> clustersWithoutJob() {
        return store.clustersWithoutJob();
    }

    @Override
    public List<Unanswered> withoutJob(String cluster) {
        return store.withoutJob(cluster).stream()
                .map(u -> new Unanswered(u.id(), u.slurmUser(), u.account(), u.submitStartedAt(), false))
                .toList();
    }

    @Override
    public void jobFound(String id, long jobId, String reason) {
        store.jobFound(id, jobId);
        Optional<Notebook> n = store.find(id);
        if (n.isEmpty()) {
            return;
        }
        if (n.get().state() == NotebookState.STOPPING || n.get().state() == NotebookState.DELETED) {
            try { // stopped before the core knew its job
                stop(store.find(id).orElseThrow());
            } catch (UserFacingException e) {
                store.reason(id, NotebookState.STOPPING, "Stopping: " + e.userMessage());
            }
            return;
        }
        lifecycle.move(
                n.get(),
                EnumSet.of(NotebookState.REQUESTED),
                NotebookState.QUEUED,
                "Queued in Slurm as job " + jobId + ".",
                null);
    }

    @Override
    public void ended(String id, boolean lost, String reason) {
        store.find(id)
                .ifPresent(n -> lifecycle.move(
                        n,
                        EnumSet.of(NotebookState.REQUESTED),
                        NotebookState.FAILED,
                        (lost ? "The Jupyter job was lost: " : "Slurm did not take the Jupyter job: ") + reason,
                        "failed"));
    }

    @Override
    public void stillOpen(String id, String reason) {
        store.reason(id, NotebookState.REQUESTED, reason);
    }
}
