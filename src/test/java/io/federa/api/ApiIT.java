package io.federa.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.federa.access.PersonSlurmUsers;
import io.federa.access.TeamAccounts;
import io.federa.audit.AuditEntry;
import io.federa.audit.AuditLog;
import io.federa.audit.AuditQuery;
import io.federa.clusters.ClusterRegistry;
import io.federa.quota.Quotas;
import io.federa.quota.TeamQuota;
import io.federa.shared.AuditRecord;
import io.federa.shared.SystemTasks;
import io.federa.support.Federation;
import io.federa.support.KeycloakAdmin;
import io.federa.support.KeycloakTokens;
import io.federa.support.RealServices;
import io.federa.support.SlurmTestClusters;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The REST API as a script meets it, with tokens from the real Keycloak: 401 (never a redirect)
 * without or with a wrong token, no CSRF for bearer calls, one error format (problem+json) for 400,
 * 403, 404, 409, 413 and 422 (with the field problems) from real endpoints, per-caller rate limits, and an OpenAPI description that
 * names every endpoint.
 */
@ApiTest
class ApiIT {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    AuditLog auditLog;

    @Autowired
    ClusterRegistry registry;

    @Autowired
    TeamAccounts accounts;

    @Autowired
    PersonSlurmUsers slurmUsers;

    @Autowired
    Quotas quotas;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @BeforeAll
    static void keycloak() {
        RealServices.requireKeycloak();
    }

    HttpResponse<String> call(String method, String path, String token, String contentType, byte[] body)
            throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        try (var http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .build()) {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        }
    }

    HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        return call("GET", path, token, null, null);
    }

    HttpResponse<String> postJson(String path, String token, String json) throws IOException, InterruptedException {
        return call("POST", path, token, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    static JsonNode problem(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode p = JSON.readTree(response.body());
        assertThat(p.path("type").asString()).startsWith("urn:federa:problem:");
        assertThat(p.path("title").asString()).isNotBlank();
        assertThat(p.path("status").asInt()).isEqualTo(status);
        assertThat(p.path("detail").asString()).isNotBlank();
        return p;
    }

    @Test
    void without_a_token_the_api_answers_401_with_www_authenticate_and_never_a_redirect() throws Exception {
        for (String path : List.of("/api/runs", "/api/jobs", "/api/audit", "/api/usage?team=team-a")) {
            var response = get(path, null);
            problem(response, 401);
            assertThat(response.headers().firstValue("WWW-Authenticate").orElse(""))
                    .startsWith("Bearer");
            assertThat(response.headers().firstValue("Location")).isEmpty();
        }
        var post = postJson("/api/runs", null, "{}");
        assertThat(post.statusCode()).isIn(401, 403);
        assertThat(post.headers().firstValue("Location")).isEmpty();
    }

    @Test
    void a_token_for_another_audience_or_a_forged_one_is_refused_with_401() throws Exception {
        // the directory sync's service account: a real token of this realm, but not meant for the API
        String otherAudience = KeycloakTokens.clientCredentials("portal-admin-api", "federa-directory-secret");
        var response = get("/api/runs", otherAudience);
        problem(response, 401);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElse("")).contains("invalid_token");

        String valid = KeycloakTokens.serviceAccount(KeycloakTokens.TEAM_A);
        String[] parts = valid.split("\\.");
        String forged = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
        problem(get("/api/runs", forged), 401);
    }

    @Test
    void a_bearer_call_needs_no_csrf_token_and_reads_only_its_teams() throws Exception {
        String teamB = KeycloakTokens.serviceAccount(KeycloakTokens.TEAM_B);
        var check = postJson("/api/runs/check", teamB, "{\"team\":\"team-b\",\"script\":\"#!/bin/bash\\ntrue\\n\"}");
        assertThat(check.statusCode()).as(check.body()).isEqualTo(200);
        problem(postJson("/api/runs/check", teamB, "{\"team\":\"team-a\",\"script\":\"#!/bin/bash\\ntrue\\n\"}"), 403);
    }

    @Test
    void every_error_of_the_api_answers_problem_json_with_type_title_status_and_detail() throws Exception {
        String teamA = KeycloakTokens.serviceAccount(KeycloakTokens.TEAM_A);
        String teamB = KeycloakTokens.serviceAccount(KeycloakTokens.TEAM_B);

        // 400: bad input, with every problem listed; and a body that is not JSON at all
        JsonNode bad = problem(postJson("/api/runs", teamA, "{\"cluster\":\"c1\"}"), 400);
        assertThat(bad.path("problems").isArray()).isTrue();
        problem(postJson("/api/runs", teamA, "{not json"), 400);
        // 403: the audit log is for admins; the refusal itself is audited
        problem(get("/api/audit", teamB), 403);
        AuditEntry refused = await().atMost(Duration.ofSeconds(20))
                .until(
                        () -> SystemTasks.runAsSystem(() -> auditLog.page(
                                new AuditQuery(
                                        KeycloakTokens.TEAM_B,
                                        null,
                                        "access.refused",
                                        "request",
                                        "GET /api/audit",
                                        null,
                                        null,
                                        null),
                                null,
                                5)),
                        l -> !l.isEmpty())
                .getFirst();
        assertThat(refused.outcome()).isEqualTo(AuditRecord.Outcome.REFUSED);
        assertThat(refused.reason()).contains("portal admins and team admins");
        // 404: a run that does not exist (or is another team's)
        problem(get("/api/runs/r-aaaaaaaaaaaa", teamA), 404);
        // 413: an artifact over federa.runs.artifacts.max-size (64 KB here)
        String boundary = "b" + UUID.randomUUID();
        byte[] big = multipart(boundary, new byte[100 * 1024]);
        problem(
                call(
                        "POST",
                        "/api/runs/r-aaaaaaaaaaaa/artifacts",
                        teamA,
                        "multipart/form-data; boundary=" + boundary,
                        big),
                413);
        // 409: a run over the team's quota, refused before anything reaches Slurm. On a registration of
        // c1 of its own, so that the quota's QOS (pushed into c1's accounting) is attached to nothing
        SlurmTestClusters slurm = SlurmTestClusters.require();
        String cluster = "c1-q" + UUID.randomUUID().toString().substring(0, 6);
        String qos = io.federa.clusters.TeamQos.nameFor("team-b", cluster);
        get("/api/runs", teamB); // the service account is known (and in team-b) from its first call
        SystemTasks.runAsSystem(() -> {
            registry.register(new io.federa.clusters.ClusterSettings(
                    cluster,
                    slurm.url("c1"),
                    io.federa.clusters.AuthMode.JWT_KEY,
                    slurm.keyBase64("c1"),
                    slurm.adminUser(),
                    null));
            accounts.map(new io.federa.access.TeamAccount(cluster, "team-b", "team-b"));
            slurmUsers.map(cluster, "service-account-" + KeycloakTokens.TEAM_B, "bob");
            quotas.setQuota(TeamQuota.concurrent("team-b", cluster, null, null, 0));
            return null;
        });
        try {
            Federation.awaitPartitions(registry, cluster);
            JsonNode over = problem(
                    postJson(
                            "/api/runs",
                            teamB,
                            "{\"team\":\"team-b\",\"cluster\":\"" + cluster
                                    + "\",\"script\":\"#!/bin/bash\\ntrue\\n\"}"),
                    409);
            assertThat(over.path("type").asString()).isEqualTo("urn:federa:problem:quota-exceeded");
        } finally {
            jdbc.update("delete from team_quotas where team = 'team-b' and cluster_name = ?", cluster);
            SystemTasks.runAsSystem(() -> {
                registry.setEnabled(cluster, false);
                return null;
            });
            slurm.run("c1", List.of("sacctmgr", "-i", "delete", "qos", qos));
        }
    }

    @Test
    void a_body_with_fields_out_of_their_bounds_answers_422_listing_each_field_and_submits_nothing() throws Exception {
        String teamA = KeycloakTokens.serviceAccount(KeycloakTokens.TEAM_A);
        int before = jdbc.queryForObject("select count(*) from runs", Integer.class);
        for (String path : List.of("/api/runs", "/api/runs/check")) {
            JsonNode invalid = problem(
                    postJson(
                            path,
                            teamA,
                            "{\"team\":\"team-a\",\"script\":\"#!/bin/bash\\ntrue\\n\",\"tasks\":0,"
                                    + "\"cpusPerTask\":-2,\"gpus\":5000,\"jobName\":\"" + "j".repeat(201) + "\"}"),
                    422);
            assertThat(invalid.path("type").asString()).isEqualTo("urn:federa:problem:invalid-fields");
            Map<String, String> fields = new java.util.TreeMap<>();
            invalid.path("errors")
                    .forEach(e -> fields.put(
                            e.path("field").asString(), e.path("detail").asString()));
            assertThat(fields)
                    .as(path)
                    .containsExactlyInAnyOrderEntriesOf(Map.of(
                            "tasks", "at least 1",
                            "cpusPerTask", "at least 1",
                            "gpus", "at most 1000",
                            "jobName", "at most 200 characters"));
        }
        assertThat(jdbc.queryForObject("select count(*) from runs", Integer.class))
                .as("nothing stored")
                .isEqualTo(before);
    }

    static byte[] multipart(String boundary, byte[] content) {
        var out = new java.io.ByteArrayOutputStream();
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.bin\"\r\n"
                        + "Content-Type: application/octet-stream\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        out.writeBytes(content);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    @Test
    void a_caller_over_its_rate_limit_gets_429_with_retry_after() throws Exception {
        var admin = new KeycloakAdmin();
        String clientId = "federa-rl-" + UUID.randomUUID().toString().substring(0, 8);
        String id = admin.createServiceAccountClient(clientId, "data-scientist");
        try {
            String token = KeycloakTokens.serviceAccount(clientId);
            HttpResponse<String> limited = null;
            for (int i = 0; i < 40 && limited == null; i++) {
                var r = get("/api/runs/templates", token);
                if (r.statusCode() == 429) {
                    limited = r;
                } else {
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                }
            }
            assertThat(limited).as("30 requests per 10 s, then 429").isNotNull();
            problem(limited, 429);
            long retryAfter =
                    Long.parseLong(limited.headers().firstValue("Retry-After").orElseThrow());
            assertThat(retryAfter).isBetween(1L, 10L);
            // another caller is not affected
            assertThat(get("/api/runs/templates", KeycloakTokens.serviceAccount(KeycloakTokens.TEAM_A))
                            .statusCode())
                    .isEqualTo(200);
        } finally {
            admin.deleteClient(id);
        }
    }

    @Test
    void the_openapi_description_names_every_api_endpoint_with_its_problem_responses() throws Exception {
        var docs = get("/v3/api-docs", null);
        assertThat(docs.statusCode()).isEqualTo(200);
        JsonNode api = JSON.readTree(docs.body());
        assertThat(api.path("openapi").asString()).startsWith("3.1");
        assertThat(api.path("components").path("securitySchemes").has("keycloak"))
                .isTrue();

        Set<String> described = new HashSet<>();
        api.path("paths")
                .properties()
                .forEach(path -> path.getValue().properties().forEach(op -> {
                    described.add(op.getKey().toUpperCase() + " " + path.getKey());
                    JsonNode responses = op.getValue().path("responses");
                    for (String code : List.of("400", "401", "403", "404", "429")) {
                        assertThat(responses.path(code).path("content").has("application/problem+json"))
                                .as(op.getKey() + " " + path.getKey() + " documents " + code + " as a problem")
                                .isTrue();
                    }
                }));
        List<String> endpoints = new ArrayList<>();
        mappings.getHandlerMethods().forEach((info, handler) -> {
            for (String pattern : info.getPatternValues()) {
                if (!pattern.startsWith("/api/")) {
                    continue;
                }
                var methods = info.getMethodsCondition().getMethods();
                if (methods.isEmpty()) {
                    endpoints.add("GET " + pattern);
                }
                methods.forEach(m -> endpoints.add(m.name() + " " + pattern));
            }
        });
        assertThat(endpoints).isNotEmpty().contains("POST /api/runs", "GET /api/audit/verify");
        assertThat(described).containsAll(endpoints);

        var ui = get("/swagger-ui/index.html", null);
        assertThat(ui.statusCode()).isEqualTo(200);
        assertThat(ui.body()).contains("swagger-ui");
    }
}
