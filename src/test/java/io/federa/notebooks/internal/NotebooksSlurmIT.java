package io.federa.notebooks.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.federa.access.PersonSlurmUsers;
import io.federa.identity.CurrentUser;
import io.federa.notebooks.Notebook;
import io.federa.notebooks.NotebookCatalog;
import io.federa.notebooks.NotebookImage;
import io.federa.notebooks.NotebookKind;
import io.federa.notebooks.NotebookRequest;
import io.federa.notebooks.NotebookState;
import io.federa.notebooks.Notebooks;
import io.federa.quota.NotebookQuotas;
import io.federa.shared.SystemTasks;
import io.federa.support.FederaIntegrationTest;
import io.federa.support.Federation;
import io.federa.support.JupyterKernels;
import io.federa.support.PortalWithClusters;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Notebooks on the real Slurm cluster c1: Jupyter as alice's batch job under team-a's account, through
 * the submit-exactly-once core; the job reports its node and port with its notebook token, the portal
 * records the address and reaches the real Jupyter with the token it sealed; stop cancels the job;
 * more CPUs than any node fails with Slurm's words and gives the place back; the culler leaves a busy
 * kernel alone and warns, then stops, an idle notebook, which starts again.
 */
@FederaIntegrationTest
@TestPropertySource(
        properties = {
            "federa.submission.working-directory=/var/tmp/federa-slurm/jobs",
            "federa.submission.reconcile-interval=1s",
            "federa.notebooks.follow-interval=500ms",
            "federa.notebooks.slurm-node-address=127.0.0.1",
            "federa.notebooks.cull-interval=1h"
        })
class NotebooksSlurmIT extends PortalWithClusters {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    Notebooks notebooks;

    @Autowired
    NotebookCatalog catalog;

    @Autowired
    NotebookQuotas quotas;

    @Autowired
    PersonSlurmUsers slurmUsers;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    JdbcNotebookStore store;

    @Autowired
    NotebookService service;

    @Autowired
    NotebookLifecycle lifecycle;

    @Autowired
    NotebooksProperties props;

    final CurrentUser alice = Federation.alice();
    final List<String> started = new ArrayList<>();
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void aliceOnC1() {
        Federation.readyForRuns(registry, slurmUsers, events, tx);
        SystemTasks.runAsSystem(() -> {
            catalog.save(new NotebookImage(NotebookKind.SLURM, "system", "export PATH=/usr/bin:/bin:$PATH", ""));
            return null;
        });
    }

    @AfterEach
    void stopAll() {
        for (String id : started) {
            try {
                notebooks.delete(alice, id);
            } catch (RuntimeException e) {
                // already gone
            }
        }
    }

    Notebook start(int cpus) {
        Notebook n = notebooks.start(
                alice, new NotebookRequest("team-a", NotebookKind.SLURM, "c1", "system", cpus, 512, 0, 30, 30));
        started.add(n.id());
        return n;
    }

    Notebook awaitState(String id, NotebookState state) {
        await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> notebooks.find(alice, id),
                        n -> n.state() == state
                                || (n.state() == NotebookState.FAILED && state != NotebookState.FAILED));
        Notebook n = notebooks.find(alice, id);
        assertThat(n.state()).as(n.reason()).isEqualTo(state);
        return n;
    }

    HttpResponse<String> get(URI uri, String token) throws Exception {
        var request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10));
        if (token != null) {
            request.header("Authorization", "token " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void jupyter_runs_as_alices_job_reports_its_node_and_port_and_stops_when_stopped() throws Exception {
        Notebook n = start(1);
        int openBefore = quotas.openBy("team-a", "alice");
        Notebook ready = awaitState(n.id(), NotebookState.READY);
        assertThat(ready.slurmJobId()).isNotNull();
        assertThat(ready.upstream().toString()).matches("http://127\\.0\\.0\\.1:\\d+/notebooks/" + n.id() + "/");
        assertThat(slurm.run(
                        "c1", List.of("squeue", "-h", "-j", ready.slurmJobId().toString(), "-o", "%u %a %k")))
                .contains("alice team-a federa-notebook=" + n.id());

        String token = store.jupyterToken(n.id());
        assertThat(get(ready.upstream().resolve("api/status"), token).statusCode())
                .isEqualTo(200);
        assertThat(get(ready.upstream().resolve("api/status"), null).statusCode())
                .as("Jupyter wants the portal's token")
                .isEqualTo(403);
        assertThat(slurm.run(
                        "c1",
                        List.of("scontrol", "show", "job", ready.slurmJobId().toString())))
                .as("the token is not on the job's command line or in its script")
                .doesNotContain(token);

        notebooks.stop(alice, n.id());
        Notebook stopped = awaitState(n.id(), NotebookState.STOPPED);
        assertThat(stopped.reason()).contains("working directory stay");
        assertThat(quotas.openBy("team-a", "alice")).isEqualTo(openBefore - 1);
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(slurm.run(
                                "c1",
                                List.of("squeue", "-h", "-j", ready.slurmJobId().toString())))
                        .isBlank());
    }

    @Test
    void more_cpus_than_any_node_fails_with_slurms_reason_and_gives_the_quota_place_back() {
        int openBefore = quotas.openBy("team-a", "alice");
        Notebook n = start(512);
        Notebook failed = awaitState(n.id(), NotebookState.FAILED);
        assertThat(failed.reason())
                .startsWith("Slurm did not take the Jupyter job")
                .contains("Requested partition configuration not available");
        assertThat(quotas.openBy("team-a", "alice")).isEqualTo(openBefore);
    }

    @Test
    void a_busy_kernel_is_not_culled_an_idle_notebook_is_warned_then_stopped_and_starts_again() throws Exception {
        Notebook n = awaitState(start(1).id(), NotebookState.READY);
        String token = store.jupyterToken(n.id());
        // a kernel busy with a long cell that prints nothing
        String kernel = JSON.readTree(http.send(
                                HttpRequest.newBuilder(n.upstream().resolve("api/kernels"))
                                        .header("Authorization", "token " + token)
                                        .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"python3\"}"))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString())
                        .body())
                .path("id")
                .asString();
        JupyterKernels ws = execute(n, token, kernel, "import time\ntime.sleep(120)");
        await().atMost(Duration.ofSeconds(30))
                .until(() -> JSON.readTree(get(n.upstream().resolve("api/kernels/" + kernel), token)
                                .body())
                        .path("execution_state")
                        .asString()
                        .equals("busy"));

        // two hours later by the culler's clock: still busy, so active now
        culler(Duration.ofHours(2)).cullOnce();
        assertThat(notebooks.find(alice, n.id()).state()).isEqualTo(NotebookState.READY);
        assertThat(notebooks.find(alice, n.id()).cullWarnedAt()).isNull();

        http.send(
                HttpRequest.newBuilder(n.upstream().resolve("api/kernels/" + kernel + "/interrupt"))
                        .header("Authorization", "token " + token)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        ws.close();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> JSON.readTree(get(n.upstream().resolve("api/kernels/" + kernel), token)
                                .body())
                        .path("execution_state")
                        .asString()
                        .equals("idle"));

        // idle from then on (the culler's clock goes on from two hours later): 25 of its 30 minutes
        // gone → warned, not stopped
        culler(Duration.ofMinutes(120 + 25)).cullOnce();
        Notebook warned = notebooks.find(alice, n.id());
        assertThat(warned.state()).isEqualTo(NotebookState.READY);
        assertThat(warned.cullWarnedAt()).isNotNull();
        // 31 minutes: stopped, not deleted
        culler(Duration.ofMinutes(120 + 31)).cullOnce();
        assertThat(awaitState(n.id(), NotebookState.STOPPED).reason())
                .contains("without activity", "nothing was deleted", "files in its working directory stay");
        assertThat(store.find(n.id())).isPresent();

        notebooks.startAgain(alice, n.id());
        awaitState(n.id(), NotebookState.READY);
    }

    NotebookCuller culler(Duration later) {
        return new NotebookCuller(store, service, lifecycle, props, Clock.offset(Clock.systemUTC(), later));
    }

    /**
     * Opens the kernel's channels WebSocket as the browser does and, once the kernel answers, sends
     * {@code code} as one execute_request.
     */
    JupyterKernels execute(Notebook n, String token, String kernel, String code) {
        JupyterKernels channels = JupyterKernels.open(
                URI.create(n.upstream().toString().replace("http://", "ws://") + "api/kernels/" + kernel + "/channels"),
                Map.of("Authorization", "token " + token));
        channels.awaitKernel();
        channels.send(code);
        return channels;
    }
}
