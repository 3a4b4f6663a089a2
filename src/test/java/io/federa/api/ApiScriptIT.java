package io.federa.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.federa.access.PersonSlurmUsers;
import io.federa.access.TeamAccounts;
import io.federa.audit.AuditEntry;
import io.federa.audit.AuditLog;
import io.federa.audit.AuditQuery;
import io.federa.clusters.ClusterRegistry;
import io.federa.shared.Actor;
import io.federa.shared.AuditRecord;
import io.federa.shared.SystemTasks;
import io.federa.support.AuditTrail;
import io.federa.support.Federation;
import io.federa.support.KeycloakTokens;
import io.federa.support.RealServices;
import io.federa.support.SlurmTestClusters;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A script with no browser (scripts/api-example.sh: curl and python3) gets a client-credentials token
 * of team-a's service account from the real Keycloak, submits a template run through the REST API,
 * follows it to COMPLETED on the real c1 and reads its metrics; team-b's service account cannot see
 * that run. Both calls are in the audit log under the service account.
 */
@ApiTest
class ApiScriptIT {

    static final tools.jackson.databind.json.JsonMapper JSON =
            tools.jackson.databind.json.JsonMapper.builder().build();

    static final String SA_TEAM_A = "service-account-" + KeycloakTokens.TEAM_A;

    static SlurmTestClusters slurm;

    @LocalServerPort
    int port;

    @Autowired
    ClusterRegistry registry;

    @Autowired
    TeamAccounts accounts;

    @Autowired
    PersonSlurmUsers slurmUsers;

    @Autowired
    AuditLog auditLog;

    @BeforeAll
    static void services() {
        RealServices.requireKeycloak();
        slurm = SlurmTestClusters.require();
    }

    @BeforeEach
    void federate() {
        Federation.registerLocalClusters(registry, accounts, slurm);
        // team-a's service account submits as Slurm user alice on c1, as an admin would map it
        SystemTasks.runAsSystem(() -> {
            slurmUsers.map("c1", SA_TEAM_A, "alice");
            return null;
        });
        Federation.awaitPartitions(registry, "c1");
    }

    @Test
    void a_script_with_a_service_account_token_submits_a_run_follows_it_to_completed_and_reads_its_metrics()
            throws Exception {
        var script = new ProcessBuilder("bash", "scripts/api-example.sh")
                .redirectErrorStream(true)
                .redirectOutput(Path.of("target/api-example.log").toFile());
        script.environment().put("FEDERA_URL", "http://127.0.0.1:" + port);
        script.environment().put("KEYCLOAK_URL", RealServices.KEYCLOAK_URL);
        script.environment().put("CLIENT_ID", KeycloakTokens.TEAM_A);
        script.environment().put("CLIENT_SECRET", KeycloakTokens.TEAM_A + "-secret");
        script.environment().put("CLUSTER", "c1");
        script.environment().put("TIMEOUT", "150");
        Process p = script.start();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).as("the script ends").isTrue();
        String out = java.nio.file.Files.readString(Path.of("target/api-example.log"));
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("ended: COMPLETED").containsPattern("metric loss 1:[0-9.]+ 2:[0-9.]+ 3:[0-9.]+");
        var id = Pattern.compile("submitted run (r-[a-z2-7]{12})").matcher(out);
        assertThat(id.find()).as(out).isTrue();
        String run = id.group(1);

        // team-b's service account sees neither the run nor it in its list
        String teamB = KeycloakTokens.serviceAccount(KeycloakTokens.TEAM_B);
        assertThat(get("/api/runs/" + run, teamB).statusCode()).isEqualTo(404);
        assertThat(get("/api/runs/" + run + "/metrics", teamB).statusCode()).isEqualTo(404);
        var list = get("/api/runs?size=500", teamB);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).doesNotContain(run);
        // team-a's does
        String teamA = KeycloakTokens.serviceAccount(KeycloakTokens.TEAM_A);
        assertThat(get("/api/runs?size=500", teamA).body()).contains(run);

        // the submit is audited once, as the service account's, for team-a
        AuditEntry submitted = AuditTrail.exactlyOne(
                auditLog, "run.submitted", "run", run, KeycloakTokens.TEAM_A, AuditRecord.Outcome.SUCCESS);
        assertThat(submitted.team()).isEqualTo("team-a");
        assertThat(submitted.actor().kind()).isEqualTo(Actor.Kind.SERVICE_ACCOUNT);
        assertThat(submitted.after()).containsEntry("cluster", "c1").containsEntry("tag.template", "python-training");

        // the token's first use is a login of the service account, acting for team-a, from the script's address
        List<AuditEntry> logins = SystemTasks.runAsSystem(() -> auditLog.page(
                new AuditQuery(KeycloakTokens.TEAM_A, null, "login", "person", SA_TEAM_A, null, null, null), null, 50));
        assertThat(logins).isNotEmpty().allSatisfy(e -> {
            assertThat(e.actor().kind()).isEqualTo(Actor.Kind.SERVICE_ACCOUNT);
            assertThat(e.actor().onBehalfOf()).isEqualTo("team-a");
            assertThat(e.actor().clientAddress()).isEqualTo("127.0.0.1");
            assertThat(e.after()).containsEntry("via", "access token").containsEntry("groups", "team-a");
        });
    }

    @Test
    void a_service_account_cancels_its_run_over_the_api_and_the_cancel_is_audited() throws Exception {
        String teamA = KeycloakTokens.serviceAccount(KeycloakTokens.TEAM_A);
        var submitted = send(
                "POST",
                "/api/runs",
                teamA,
                "{\"team\":\"team-a\",\"cluster\":\"c1\"," + "\"script\":\"#!/bin/bash\\nsleep 600\\n\"}");
        assertThat(submitted.statusCode()).as(submitted.body()).isEqualTo(201);
        String run = JSON.readTree(submitted.body()).path("id").asString();
        // cancellable once Slurm has the job
        await().atMost(Duration.ofSeconds(60))
                .until(() -> JSON.readTree(get("/api/runs/" + run, teamA).body())
                        .path("run")
                        .path("slurmJobId")
                        .isNumber());
        // team-b may not cancel it
        assertThat(send(
                                "POST",
                                "/api/runs/" + run + "/cancel",
                                KeycloakTokens.serviceAccount(KeycloakTokens.TEAM_B),
                                "")
                        .statusCode())
                .isIn(403, 404);
        var cancelled = send("POST", "/api/runs/" + run + "/cancel", teamA, "");
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(60))
                .until(
                        () -> JSON.readTree(get("/api/runs/" + run, teamA).body())
                                .path("run")
                                .path("state")
                                .asString(),
                        "CANCELLED"::equals);
        AuditEntry audited = AuditTrail.exactlyOne(
                auditLog, "run.cancelled", "run", run, KeycloakTokens.TEAM_A, AuditRecord.Outcome.SUCCESS);
        assertThat(audited.team()).isEqualTo("team-a");
    }

    HttpResponse<String> send(String method, String path, String token, String json)
            throws IOException, InterruptedException {
        try (var http = HttpClient.newHttpClient()) {
            return http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .header("Authorization", "Bearer " + token)
                            .header("Content-Type", "application/json")
                            .method(method, HttpRequest.BodyPublishers.ofString(json))
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }
    }

    HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        try (var http = HttpClient.newHttpClient()) {
            return http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                            .header("Authorization", "Bearer " + token)
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }
    }
}
