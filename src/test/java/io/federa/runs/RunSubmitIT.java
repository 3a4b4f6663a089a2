package io.federa.runs;

import static io.federa.support.Federation.alice;
import static io.federa.support.Federation.carol;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.federa.access.PersonSlurmUsers;
import io.federa.access.TeamAccount;
import io.federa.access.TeamAccounts;
import io.federa.audit.AuditEntry;
import io.federa.audit.AuditLog;
import io.federa.clusters.AuthMode;
import io.federa.clusters.ClusterRegistry;
import io.federa.clusters.ClusterSettings;
import io.federa.identity.UserLoggedIn;
import io.federa.shared.AuditRecord;
import io.federa.shared.Roles;
import io.federa.shared.SystemTasks;
import io.federa.submission.RouteDecision;
import io.federa.submission.RunPlan;
import io.federa.submission.RunRefusedException;
import io.federa.submission.RunRequest;
import io.federa.submission.RunRouting;
import io.federa.support.AuditTrail;
import io.federa.support.FederaIntegrationTest;
import io.federa.support.Federation;
import io.federa.support.SlurmTestClusters;
import io.federa.templates.RunTemplate;
import io.federa.templates.RunTemplates;
import io.federa.templates.TemplateParam;
import io.federa.templates.TemplateRefusedException;
import io.federa.templates.TemplateRendering;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Templates and "any eligible" routing on the real c1 and c2, plus a third registration of c1 where
 * team-a may only use a partition that does not exist there (so its "debug" is not allowed).
 */
@FederaIntegrationTest
@TestPropertySource(
        properties = {
            "federa.submission.working-directory=/var/tmp/federa-slurm/jobs",
            "federa.runs.token-grace=3s",
            "federa.submission.lost-after=4s",
            "federa.submission.reconcile-interval=1s",
            "federa.runs.artifacts.dir=target/federa-test/artifacts"
        })
class RunSubmitIT {

    static SlurmTestClusters slurm;

    @Autowired
    Runs runs;

    @Autowired
    RunTemplates templates;

    @Autowired
    ClusterRegistry registry;

    @Autowired
    TeamAccounts accounts;

    @Autowired
    PersonSlurmUsers slurmUsers;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    MeterRegistry meters;

    @Autowired
    AuditLog auditLog;

    String restricted;

    @BeforeAll
    static void clusters() {
        slurm = SlurmTestClusters.require();
    }

    @BeforeEach
    void federate() {
        Federation.registerLocalClusters(registry, accounts, slurm);
        restricted = "c1-gpu-only" + System.nanoTime() % 100_000;
        SystemTasks.runAsSystem(() -> {
            slurmUsers.map("c1", "alice", "alice");
            slurmUsers.map("c2", "alice", "alice");
            registry.register(new ClusterSettings(
                    restricted, slurm.url("c1"), AuthMode.JWT_KEY, slurm.keyBase64("c1"), "federa", null));
            accounts.map(new TeamAccount(restricted, "team-a", "team-a", List.of("gpu")));
            slurmUsers.map(restricted, "alice", "alice");
            return null;
        });
        tx.executeWithoutResult(s -> events.publishEvent(new UserLoggedIn(alice())));
        for (String c : List.of("c1", "c2", restricted)) {
            awaitPartitions(c);
        }
    }

    @AfterEach
    void disableRestricted() {
        SystemTasks.runAsSystem(() -> {
            registry.setEnabled(restricted, false);
            return null;
        });
    }

    @Test
    void a_template_run_sent_to_any_eligible_cluster_is_routed_where_team_a_has_an_account_and_completes() {
        var request = RunRequest.fromTemplate(
                "team-a", RunRouting.ANY, "python-training", Map.of("epochs", "3", "learning_rate", "0.25"));

        RunPlan plan = runs.check(alice(), request);
        assertThat(plan.problems()).isEmpty();
        assertThat(plan.cluster()).isIn("c1", "c2");
        assertThat(plan.script())
                .contains("epochs = 3\n")
                .contains("learning_rate = 0.25\n")
                .doesNotContain("{{");
        RouteDecision decision = plan.routing();
        assertThat(decision.chosen()).isEqualTo(plan.cluster());
        assertThat(decision.explanation()).startsWith("Chosen: " + plan.cluster() + " — ");
        assertThat(decision.verdict(restricted).orElseThrow().reasons())
                .containsExactly("Team team-a may not use partition debug on " + restricted + "; it may use gpu.");
        assertThat(decision.verdict("c1").orElseThrow().eligible()).isTrue();
        assertThat(decision.verdict("c2").orElseThrow().eligible()).isTrue();

        Run run = runs.submit(alice(), request);
        assertThat(run.cluster()).isIn("c1", "c2");
        assertThat(run.state()).as(run.stateReason()).isEqualTo(RunState.SUBMITTED);
        assertThat(run.account()).isEqualTo("team-a");
        assertThat(run.slurmUser()).isEqualTo("alice");
        assertThat(run.notes())
                .anySatisfy(n -> assertThat(n)
                        .startsWith("Made from template \"Python training script\" (python-training) "
                                + "with epochs=3, learning_rate=0.25, seed=42, cpus=1, time_minutes=10."))
                .anySatisfy(n -> assertThat(n).startsWith("Routing (any eligible cluster): Chosen: " + run.cluster()))
                .anySatisfy(n -> assertThat(n)
                        .isEqualTo("Routing: " + restricted + " excluded: Team team-a may not use partition debug on "
                                + restricted + "; it may use gpu."));
        assertThat(run.tags()).containsEntry("template", "python-training").containsEntry("routing", "any");
        assertThat(run.params()).containsEntry("epochs", "3").containsEntry("learning_rate", "0.25");
        assertThat(run.resources().timeLimitMinutes()).isEqualTo(10);

        Run done = await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () -> runs.find(alice(), run.id()).orElseThrow(),
                        r -> r.state().isFinal());
        assertThat(done.state()).as(done.stateReason()).isEqualTo(RunState.COMPLETED);
        assertThat(runs.metrics(alice(), run.id(), "loss", 100)).hasSize(3);
        assertThat(runs.logs(alice(), run.id(), 0, 100))
                .extracting(RunLogLine::line)
                .anySatisfy(l -> assertThat(l).startsWith("epoch 3/3 loss="));
        // the routing reason stays with the run
        assertThat(jdbc.queryForObject("select notes from runs where id = ?", String.class, run.id()))
                .contains("Routing (any eligible cluster): Chosen: " + run.cluster());
    }

    @Test
    void the_sklearn_template_trains_a_model_on_slurm_and_stores_it_as_the_artifact_model_joblib() throws Exception {
        Run run = runs.submit(
                alice(),
                RunRequest.fromTemplate(
                        "team-a", "c1", "sklearn-training", Map.of("estimator", "random_forest", "trees", "20")));
        assertThat(run.tags()).containsEntry("template", "sklearn-training");

        Run done = await().atMost(Duration.ofSeconds(180))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> runs.find(alice(), run.id()).orElseThrow(),
                        r -> r.state().isFinal());
        assertThat(done.state())
                .as(done.stateReason() + " " + runs.logs(alice(), run.id(), 0, 100))
                .isEqualTo(RunState.COMPLETED);
        assertThat(done.params()).containsEntry("estimator", "random_forest").containsEntry("trees", "20");
        assertThat(done.tags()).containsEntry("model_format", "sklearn");
        assertThat(runs.metrics(alice(), run.id(), "cv_accuracy", 100)).hasSize(5);
        assertThat(runs.metrics(alice(), run.id(), "accuracy", 100))
                .singleElement()
                .satisfies(m -> assertThat(m.value()).isGreaterThan(0.8));
        assertThat(runs.artifacts(alice(), run.id())).singleElement().satisfies(a -> {
            assertThat(a.name()).isEqualTo("model.joblib");
            assertThat(a.sizeBytes()).isPositive();
            assertThat(a.sha256()).hasSize(64);
        });
        // the stored file is the fitted model: it tells a setosa from a virginica
        var model = runs.artifactFile(alice(), run.id(), "model.joblib").orElseThrow();
        Process python = new ProcessBuilder(
                        "/usr/bin/python3",
                        "-c",
                        "import joblib, sys; print(list(joblib.load(sys.argv[1]).predict("
                                + "[[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]])))",
                        model.toString())
                .redirectErrorStream(true)
                .start();
        String predicted = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(python.waitFor()).as(predicted).isZero();
        assertThat(predicted.strip()).isEqualTo("[0, 2]");
    }

    @Test
    void a_partition_the_team_may_not_use_is_refused_before_anything_reaches_slurm() {
        double submitsBefore = submitCalls();
        int runsBefore = jdbc.queryForObject("select count(*) from runs", Integer.class);
        assertThatThrownBy(() -> runs.submit(alice(), RunRequest.of("team-a", restricted, "#!/bin/bash\ntrue\n")))
                .isInstanceOf(RunRefusedException.class)
                .hasMessageContaining("Team team-a may not use partition debug on " + restricted + "; it may use gpu.");
        assertThatThrownBy(() -> runs.submit(
                        alice(),
                        RunRequest.fromTemplate("team-a", "c1", "python-training", Map.of("epochs", "3; reboot"))))
                .isInstanceOf(RunRefusedException.class)
                .hasMessageContaining("Parameter \"epochs\": \"3; reboot\" is not a whole number.");
        assertThatThrownBy(() -> runs.submit(
                        alice(), RunRequest.of("team-a", "c1", "#!/bin/bash\n#SBATCH --cpus-per-task=64\ntrue\n")))
                .hasMessageContaining("The run asks for 64 CPUs, but partition debug has 2 in all.");
        // nothing fits anywhere: "any" is refused with every cluster's reason
        assertThatThrownBy(() -> runs.submit(
                        alice(), RunRequest.of("team-a", RunRouting.ANY, "#!/bin/bash\n#SBATCH -c 64\ntrue\n")))
                .isInstanceOf(RunRefusedException.class)
                .hasMessageContaining("No cluster can take this run")
                .hasMessageContaining("c2: The run asks for 64 CPUs, but partition debug has 2 in all.");
        assertThat(jdbc.queryForObject("select count(*) from runs", Integer.class))
                .isEqualTo(runsBefore);
        assertThat(submitCalls()).isEqualTo(submitsBefore);
    }

    @Test
    void the_seeded_templates_are_valid_and_only_portal_admins_change_templates() {
        assertThat(templates.list(alice()))
                .extracting(RunTemplate::name)
                .contains("PyTorch DDP", "Python training script", "Train a scikit-learn model");
        for (RunTemplate t : templates.list(alice())) {
            assertThat(TemplateRendering.validate(t, 64 * 1024)).as(t.id()).isEmpty();
            assertThat(TemplateRendering.render(t, Map.of()).problems())
                    .as(t.id())
                    .isEmpty();
        }
        RunTemplate ddp = templates.find(alice(), "pytorch-ddp").orElseThrow();
        assertThat(TemplateRendering.render(ddp, Map.of("nodes", "2")).script())
                .contains("#SBATCH --nodes=2\n")
                .contains("srun torchrun \\\n  --nnodes=2 \\\n  --nproc_per_node=1")
                .contains("train.py --epochs=10 --backend=nccl");

        var mine = new RunTemplate(
                "it-echo",
                "IT echo " + System.nanoTime(),
                "",
                "#!/bin/bash\necho {{word}}\n",
                List.of(TemplateParam.of("word", TemplateParam.Type.STRING, "hello")),
                null,
                null);
        var previous = SecurityContextHolder.getContext();
        var dataScientist = SecurityContextHolder.createEmptyContext();
        dataScientist.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
                "alice", null, List.of(new SimpleGrantedAuthority(Roles.AUTHORITY_PREFIX + Roles.DATA_SCIENTIST))));
        SecurityContextHolder.setContext(dataScientist);
        try {
            assertThatThrownBy(() -> templates.save(alice(), mine)).isInstanceOf(AuthorizationDeniedException.class);
            assertThatThrownBy(() -> templates.delete("python-training"))
                    .isInstanceOf(AuthorizationDeniedException.class);
        } finally {
            SecurityContextHolder.setContext(previous);
        }
        RunTemplate saved = SystemTasks.runAsSystem(() -> templates.save(carol(), mine));
        assertThat(saved.updatedBy()).isEqualTo("carol");
        AuditEntry audited = AuditTrail.exactlyOne(
                auditLog, "template.saved", "run-template", "it-echo", "carol", AuditRecord.Outcome.SUCCESS);
        assertThat(audited.after()).containsEntry("name", mine.name()).containsKey("scriptSha256");
        assertThat(templates.find(alice(), "it-echo").orElseThrow().params()).isEqualTo(mine.params());
        var broken =
                new RunTemplate("it-echo", mine.name(), "", "#!/bin/bash\necho {{other}}\n", mine.params(), null, null);
        assertThatThrownBy(() -> SystemTasks.runAsSystem(() -> templates.save(carol(), broken)))
                .isInstanceOf(TemplateRefusedException.class)
                .hasMessageContaining("The script uses {{other}}, but the template declares no parameter other.");
        SystemTasks.runAsSystem(() -> {
            templates.delete("it-echo");
            return null;
        });
        assertThat(templates.find(alice(), "it-echo")).isEmpty();
        AuditTrail.exactlyOne(
                auditLog,
                "template.deleted",
                "run-template",
                "it-echo",
                SystemTasks.SYSTEM_USER,
                AuditRecord.Outcome.SUCCESS);
    }

    private void awaitPartitions(String cluster) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> registry.overview().stream()
                        .filter(c -> c.name().equals(cluster))
                        .anyMatch(c -> !c.partitions().isEmpty() && !c.nodes().isEmpty()));
    }

    private double submitCalls() {
        return meters.find("federa.slurm.requests").tag("endpoint", "/slurm/{v}/job/submit").timers().stream()
                .mapToDouble(t -> t.count())
                .sum();
    }
}
