package io.federa.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.LoadState;
import com.microsoft.playwright.options.RequestOptions;
import io.federa.access.PersonSlurmUsers;
import io.federa.identity.DirectorySync;
import io.federa.notebooks.NotebookCatalog;
import io.federa.notebooks.NotebookImage;
import io.federa.notebooks.NotebookKind;
import io.federa.quota.NotebookLimits;
import io.federa.quota.NotebookQuotas;
import io.federa.security.IsolationMatrix.Role;
import io.federa.shared.SystemTasks;
import io.federa.support.Browser;
import io.federa.support.FederaIntegrationTest;
import io.federa.support.Federation;
import io.federa.support.KeycloakTokens;
import io.federa.support.PortalPeople;
import io.federa.support.PortalWithClusters;
import jakarta.servlet.ServletContext;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every page and every REST handler the portal has — read from Vaadin's route registry and Spring's
 * handler mapping, so a new one cannot be forgotten — requested by every demo role with real ids of
 * team-a's resources (a run with metrics, logs, params and an artifact; its Slurm job; a sweep and its
 * trial runs; team-a's usage, quota and audit entries; team-a's Kubernetes resources filter), which
 * alice creates first through the portal itself on the real c1. Each answer must be the cell of
 * {@link IsolationMatrix#TABLE}; pages are loaded twice, as Chromium (logged in through the real
 * Keycloak) and as a plain HTTP client with the same session; and no answer to anyone but alice and
 * the portal admin carries any of team-a's data. ADR 27.
 */
@FederaIntegrationTest
@TestPropertySource(
        properties = {
            "federa.submission.working-directory=/var/tmp/federa-slurm/jobs",
            "federa.submission.reconcile-interval=1s",
            "federa.runs.artifacts.dir=target/federa-test/isolation-artifacts",
            // the matrix makes hundreds of calls per caller in a few seconds
            "federa.api.requests-per-period=100000"
        })
class IsolationMatrixIT extends PortalWithClusters {

    /** Every piece of team-a's data carries this word; no refusal and no other team's answer may. */
    static final String MARK = "isoleak";

    /** What an approver may read of another team's: the promotion request they decide (ADR 32). */
    static final Set<String> APPROVER_READS = Set.of(
            "GET /api/models/promotions/{requestId}",
            "PAGE promotions/:id?",
            "POST /api/models/promotions/{requestId}/approve");

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Autowired
    ServletContext servletContext;

    @Autowired
    PersonSlurmUsers slurmUsers;

    @Autowired
    DirectorySync directory;

    @Autowired
    ApplicationEventPublisher events;

    @Autowired
    TransactionTemplate tx;

    @Autowired
    NotebookCatalog notebookCatalog;

    @Autowired
    NotebookQuotas notebookQuotas;

    @Autowired
    JdbcTemplate jdbc;

    private final List<Long> jobs = new ArrayList<>();

    @AfterEach
    void cancelLeftovers() {
        jobs.forEach(job -> slurm.run("c1", List.of("scancel", Long.toString(job))));
    }

    /** What the test knows of team-a's resources, to fill in the handlers' and pages' variables. */
    record Resources(
            String run,
            String trialRun,
            String sweep,
            long job,
            String artifact,
            long auditSeq,
            long model,
            long version,
            long request,
            String notebook,
            String spareNotebook) {

        /** The same resources with the spare notebook as "the" notebook (what DELETE deletes). */
        Resources forDeleting() {
            return new Resources(
                    run,
                    trialRun,
                    sweep,
                    job,
                    artifact,
                    auditSeq,
                    model,
                    version,
                    request,
                    spareNotebook,
                    spareNotebook);
        }
    }

    /** team-a's model environment of the matrix: on a cluster that is not registered (nothing deploys). */
    static final String ENVIRONMENT = "matrixenv";

    @Test
    void no_role_reaches_another_teams_resources_on_any_page_or_endpoint() throws Exception {
        Federation.readyForRuns(registry, slurmUsers, events, tx);
        PortalPeople.syncDirectory(directory);

        Map<Role, Page> people = new EnumMap<>(Role.class);
        people.put(Role.OWNER, signedIn("alice"));
        people.put(Role.OTHER_TEAM, signedIn("bob"));
        people.put(Role.APPROVER, signedIn("dave"));
        people.put(Role.PORTAL_ADMIN, signedIn("carol"));
        Resources team = teamAResources(people.get(Role.OWNER), people.get(Role.PORTAL_ADMIN));

        var matrix = IsolationMatrix.standard();
        Map<String, Endpoint> endpoints = handlers();
        Map<String, String> pages = pages();
        Set<String> discovered = new TreeSet<>(endpoints.keySet());
        pages.keySet().forEach(p -> discovered.add("PAGE " + p));
        assertThat(pages).as("Vaadin routes found").hasSizeGreaterThanOrEqualTo(19);
        assertThat(endpoints).as("REST handlers found").hasSizeGreaterThanOrEqualTo(30);

        List<String> failures = new ArrayList<>(matrix.missingRows(discovered));
        failures.addAll(matrix.staleRows(discovered));
        List<String> observed = new ArrayList<>();
        String token = KeycloakTokens.serviceAccount(KeycloakTokens.TEAM_B);
        int cells = 0;

        for (Role role : Role.values()) {
            if (role == Role.OTHER_TEAM_ADMIN) {
                teamAdmin("bob", "team-b", true);
            }
            Page page = people.get(role == Role.OTHER_TEAM_ADMIN ? Role.OTHER_TEAM : role);
            for (var e : endpoints.entrySet()) {
                if (!matrix.keys().contains(e.getKey())) {
                    continue;
                }
                Answer a = call(role, page, token, e.getValue(), team);
                cells++;
                observed.add(e.getKey() + " | " + role + " | " + a.status());
                failures.addAll(matrix.check(e.getKey(), role, "http", a.status()));
                failures.addAll(
                        leaks(e.getKey(), role, "http", fill(e.getValue().pattern(), team), a));
            }
            if (role == Role.OTHER_TEAM_TOKEN) {
                continue;
            }
            for (var p : pages.entrySet()) {
                String key = "PAGE " + p.getKey();
                if (!matrix.keys().contains(key)) {
                    continue;
                }
                String path = "/" + fill(p.getValue(), team);
                Answer plain = pagePlain(role, page, path);
                cells++;
                observed.add(key + " | " + role + " | " + plain.status());
                failures.addAll(matrix.check(key, role, "plain http", plain.status()));
                failures.addAll(leaks(key, role, "plain http", path, plain));
                if (role == Role.ANONYMOUS) {
                    assertThat(plain.location()).as(key).contains("/oauth2/authorization/keycloak");
                    continue;
                }
                Answer browser = pageInBrowser(page, path);
                failures.addAll(matrix.check(key, role, "browser", browser.status()));
                failures.addAll(leaks(key, role, "browser", path, browser));
            }
        }
        teamAdmin("bob", "team-b", false);
        Files.createDirectories(Path.of("target"));
        Files.write(Path.of("target", "isolation-matrix.txt"), observed);
        System.out.printf(
                Locale.ROOT,
                "isolation matrix: %d pages + %d handlers, %d roles, %d cells, team-a resources %s%n",
                pages.size(),
                endpoints.size(),
                Role.values().length,
                cells,
                team);
        assertThat(failures)
                .as("isolation matrix (observed answers in target/isolation-matrix.txt)")
                .isEmpty();
    }

    // --- team-a's resources, made by alice through the portal ---------------------------------------

    private Resources teamAResources(Page alice, Page carol) {
        String script = """
                #!/bin/bash
                #SBATCH -J isoleak-run
                #SBATCH --time=0:05:00
                api="$FEDERA_URL/api/runs/$FEDERA_RUN_ID"
                auth="Authorization: Bearer $FEDERA_TOKEN"
                curl -fsS -X POST -H "$auth" -H 'Content-Type: application/json' \\
                  --data '[{"key":"isoleak_loss","step":1,"value":0.5},{"key":"isoleak_loss","step":2,"value":0.25}]' "$api/metrics"
                echo "isoleak log line" | curl -fsS -X POST -H "$auth" -H 'Content-Type: text/plain' --data-binary @- "$api/logs"
                curl -fsS -X POST -H "$auth" -H 'Content-Type: application/json' --data '{"isoleak_param":"isoleak-value"}' "$api/params"
                f="isoleak-$FEDERA_RUN_ID.txt"; echo "isoleak artifact" > "$f"
                curl -fsS -X POST -H "$auth" -F "file=@$f;filename=isoleak.txt" "$api/artifacts"; rm -f "$f"
                """;
        JsonNode run = json(post(alice, "/api/runs", Map.of("team", "team-a", "cluster", "c1", "script", script)), 201);
        String runId = run.path("id").asString();
        JsonNode details = await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .until(
                        () -> json(alice.context().request().get(portal() + "/api/runs/" + runId), 200),
                        d -> d.path("run").path("state").asString().equals("COMPLETED")
                                && !d.path("artifacts").isEmpty());
        long job = details.path("run").path("slurmJobId").asLong();
        jobs.add(job);

        JsonNode sweep = json(
                post(
                        alice,
                        "/api/sweeps",
                        Map.of(
                                "team", "team-a",
                                "cluster", "c1",
                                "script", "#!/bin/bash\n#SBATCH -J isoleak-sweep\ntrue\n",
                                "parameters", "isoleak_x = 1, 2",
                                "objective", "isoleak_loss")),
                201);
        String sweepId = sweep.path("id").asString();
        JsonNode sweepDetails = json(alice.context().request().get(portal() + "/api/sweeps/" + sweepId), 200);
        String trialRun = sweepDetails.path("trials").get(0).path("runId").asString();
        sweepDetails.path("trials").forEach(t -> {
            if (t.path("slurmJobId").isNumber()) {
                jobs.add(t.path("slurmJobId").asLong());
            }
        });
        // the mirror has the run's job (job pages and /api/jobs read only the mirror)
        await().atMost(Duration.ofSeconds(60))
                .until(() -> alice.context()
                                .request()
                                .get(portal() + "/api/jobs/c1/" + job)
                                .status()
                        == 200);
        // team-a's audit entry of the run (the log is written after the request, by a listener)
        long seq = await().atMost(Duration.ofSeconds(30))
                .until(
                        () -> jdbc.queryForObject(
                                "select max(seq) from audit_entries where team = 'team-a' and resource_id = ?",
                                Long.class,
                                runId),
                        java.util.Objects::nonNull);
        // a model of team-a with a version from the run's file, and alice's promotion request
        JsonNode env = json(
                put(
                        carol,
                        "/api/models/environments/" + ENVIRONMENT,
                        Map.of(
                                "cluster",
                                "k-none",
                                "namespacePattern",
                                "",
                                "teamAdminsApprove",
                                false,
                                "approvalsNeeded",
                                1,
                                "rollbackWithoutApproval",
                                false,
                                "cpu",
                                "100m",
                                "memory",
                                "128Mi",
                                "minReplicas",
                                1,
                                "maxReplicas",
                                1)),
                200);
        assertThat(env.path("name").asString()).isEqualTo(ENVIRONMENT);
        long model = json(post(alice, "/api/models", Map.of("team", "team-a", "name", "matrix-model")), 200)
                .path("id")
                .asLong();
        long version = json(
                        post(
                                alice,
                                "/api/models/" + model + "/versions",
                                Map.of("runId", runId, "artifact", "isoleak.txt", "format", "sklearn")),
                        200)
                .path("id")
                .asLong();
        long request = json(
                        post(
                                alice,
                                "/api/models/promotions",
                                Map.of("versionId", version, "environment", ENVIRONMENT, "comment", "matrix probe")),
                        200)
                .path("id")
                .asLong();
        // two notebooks of alice's that failed (more CPUs than any node of c1), then a per-person limit
        // of 0: every notebook call is then deterministic (a new start or a start again is refused)
        SystemTasks.runAsSystem(() -> {
            notebookCatalog.save(
                    new NotebookImage(NotebookKind.SLURM, "matrix-env", "true", "portal-wide, not team data"));
            return null;
        });
        var notebookBody =
                Map.of("team", "team-a", "kind", "SLURM", "cluster", "c1", "image", "matrix-env", "cpus", 512);
        String notebook = json(post(alice, "/api/notebooks", notebookBody), 201)
                .path("id")
                .asString();
        String spare = json(post(alice, "/api/notebooks", notebookBody), 201)
                .path("id")
                .asString();
        for (String id : List.of(notebook, spare)) {
            await().atMost(Duration.ofSeconds(60))
                    .until(
                            () -> json(alice.context().request().get(portal() + "/api/notebooks/" + id), 200),
                            n -> n.path("state").asString().equals("FAILED"));
        }
        SystemTasks.runAsSystem(() -> {
            notebookQuotas.setTeamLimits("team-a", new NotebookLimits(0, null));
            return null;
        });
        return new Resources(
                runId, trialRun, sweepId, job, "isoleak.txt", seq, model, version, request, notebook, spare);
    }

    private APIResponse post(Page page, String path, Map<String, ?> body) {
        return page.context()
                .request()
                .post(
                        portal() + path,
                        RequestOptions.create()
                                .setHeader(csrf(page).getKey(), csrf(page).getValue())
                                .setHeader("Content-Type", "application/json")
                                .setData(JSON.writeValueAsString(body)));
    }

    private APIResponse put(Page page, String path, Map<String, ?> body) {
        return page.context()
                .request()
                .put(
                        portal() + path,
                        RequestOptions.create()
                                .setHeader(csrf(page).getKey(), csrf(page).getValue())
                                .setHeader("Content-Type", "application/json")
                                .setData(JSON.writeValueAsString(body)));
    }

    private Map.Entry<String, String> csrf(Page page) {
        JsonNode c = json(page.context().request().get(portal() + "/api/csrf"), 200);
        return Map.entry(c.path("headerName").asString(), c.path("token").asString());
    }

    private static JsonNode json(APIResponse r, int status) {
        assertThat(r.status()).as(r.url() + ": " + r.text()).isEqualTo(status);
        return JSON.readTree(r.text());
    }

    private void teamAdmin(String user, String team, boolean admin) {
        int n = jdbc.update(
                "update team_memberships set team_admin = ? where username = ? and team_id = (select id from teams where name = ?)",
                admin,
                user,
                team);
        assertThat(n).as(user + " in " + team).isEqualTo(1);
    }

    private Page signedIn(String user) {
        Page page = browser.newPage();
        Browser.logIn(page, portal(), user);
        return page;
    }

    // --- what the portal has ------------------------------------------------------------------------

    record Endpoint(String method, String pattern, String consumes) {}

    /** Every {@code /api/**} handler as {@code METHOD /pattern} (one per pattern and method). */
    private Map<String, Endpoint> handlers() {
        Map<String, Endpoint> out = new java.util.TreeMap<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> e :
                mappings.getHandlerMethods().entrySet()) {
            RequestMappingInfo info = e.getKey();
            var consumes = info.getConsumesCondition().getConsumableMediaTypes();
            for (String pattern : info.getPatternValues()) {
                if (!pattern.startsWith("/api/")) {
                    continue;
                }
                var methods = info.getMethodsCondition().getMethods();
                for (var m : methods.isEmpty()
                        ? Set.of(org.springframework.web.bind.annotation.RequestMethod.GET)
                        : methods) {
                    String key = m.name() + " " + pattern;
                    String type =
                            consumes.isEmpty() ? "" : consumes.iterator().next().toString();
                    out.putIfAbsent(key, new Endpoint(m.name(), pattern, type));
                }
            }
        }
        return out;
    }

    /** Every Vaadin route template, with the path a request of the matrix loads. */
    private Map<String, String> pages() {
        var registry = com.vaadin.flow.server.startup.ApplicationRouteRegistry.getInstance(
                new com.vaadin.flow.server.VaadinServletContext(servletContext));
        Map<String, String> out = new java.util.TreeMap<>();
        registry.getRegisteredRoutes().forEach(r -> out.put(r.getTemplate(), r.getTemplate()));
        return out;
    }

    // --- one request --------------------------------------------------------------------------------

    record Answer(int status, String body, String location) {}

    private static final Pattern VARIABLE = Pattern.compile("\\{(\\w+)}|:(\\w+)(\\([^)]*\\))?");

    /** The path of a handler's pattern or a route's template with team-a's ids. */
    static String fill(String template, Resources team) {
        var m = VARIABLE.matcher(template);
        var out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            String value = switch (name) {
                case "id" ->
                    template.contains("promotions")
                            ? Long.toString(team.request())
                            : template.contains("models")
                                    ? Long.toString(team.model())
                                    : template.contains("sweeps")
                                            ? team.sweep()
                                            : template.contains("notebooks") ? team.notebook() : team.run();
                case "versionId" -> Long.toString(team.version());
                case "requestId" -> Long.toString(team.request());
                case "environment", "env" -> ENVIRONMENT;
                case "key" -> "probe";
                case "alias" -> "champion";
                case "runId" -> team.run();
                case "cluster" -> "c1";
                case "jobId" -> Long.toString(team.job());
                case "name" -> template.contains("environments") ? ENVIRONMENT : team.artifact();
                case "seq" -> Long.toString(team.auditSeq());
                case "index" -> "0";
                default -> throw new IllegalStateException("no value for " + name + " in " + template);
            };
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        String path = out.toString();
        // list pages and endpoints are asked for team-a's part where they take a team
        return switch (path) {
            case "usage",
                    "/api/usage",
                    "/api/runs",
                    "/api/sweeps",
                    "/api/kubernetes/resources",
                    "/api/audit",
                    "/api/notebooks/options" -> path + "?team=team-a";
            case "/api/jobs" -> path + "?account=team-a";
            case "runs/compare" -> path + "?ids=" + team.run() + "," + team.trialRun();
            case "/api/audit/export" -> path + "?from=2000-01-01T00:00:00Z&to=2100-01-01T00:00:00Z&format=jsonl";
            case "/api/audit/retention" -> path + "?before=2000-01-01T00:00:00Z";
            default -> path;
        };
    }

    private Answer call(Role role, Page page, String token, Endpoint e, Resources resources) throws Exception {
        // DELETE of a notebook takes the spare one: the owner's delete comes before the owner's reads
        Resources team = e.method().equals("DELETE") ? resources.forDeleting() : resources;
        String path = fill(e.pattern(), team);
        String body = body(e, team);
        String type = e.consumes().isEmpty() ? (body == null ? null : "application/json") : e.consumes();
        if (role == Role.ANONYMOUS || role == Role.OTHER_TEAM_TOKEN) {
            var request = HttpRequest.newBuilder(URI.create(portal() + path)).timeout(Duration.ofSeconds(30));
            if (role == Role.OTHER_TEAM_TOKEN) {
                request.header("Authorization", "Bearer " + token);
            }
            byte[] bytes = type != null && type.startsWith("multipart/")
                    ? multipart()
                    : body == null ? null : body.getBytes(StandardCharsets.UTF_8);
            if (type != null) {
                request.header(
                        "Content-Type",
                        type.startsWith("multipart/") ? "multipart/form-data; boundary=" + BOUNDARY : type);
            }
            request.method(
                    e.method(),
                    bytes == null
                            ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(bytes));
            try (var http = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build()) {
                var r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                return new Answer(
                        r.statusCode(),
                        r.body(),
                        r.headers().firstValue("Location").orElse(""));
            }
        }
        var options = RequestOptions.create().setMethod(e.method()).setMaxRedirects(0);
        if (!e.method().equals("GET")) {
            var csrf = csrf(page);
            options.setHeader(csrf.getKey(), csrf.getValue());
        }
        if (type != null && type.startsWith("multipart/")) {
            options.setMultipart(FormData.create()
                    .set(
                            "file",
                            new com.microsoft.playwright.options.FilePayload(
                                    "isoleak-probe.txt", "text/plain", "probe".getBytes(StandardCharsets.UTF_8))));
        } else if (body != null) {
            options.setHeader("Content-Type", type).setData(body);
        }
        APIResponse r = page.context().request().fetch(portal() + path, options);
        return new Answer(r.status(), r.text(), r.headers().getOrDefault("location", ""));
    }

    private static final String BOUNDARY = "isolation-matrix-boundary";

    private static byte[] multipart() {
        return ("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"probe.txt\"\r\n"
                        + "Content-Type: text/plain\r\n\r\nprobe\r\n--" + BOUNDARY + "--\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A body each POST handler would accept from its owner, naming team-a. */
    private static String body(Endpoint e, Resources team) {
        if (e.method().equals("GET")) {
            return null;
        }
        String p = e.pattern();
        if (p.equals("/api/runs") || p.equals("/api/runs/check")) {
            return "{\"team\":\"team-a\",\"cluster\":\"c1\",\"script\":\"#!/bin/bash\\ntrue\\n\"}";
        }
        if (p.equals("/api/sweeps")) {
            return "{\"team\":\"team-a\",\"cluster\":\"c1\",\"script\":\"#!/bin/bash\\ntrue\\n\","
                    + "\"parameters\":\"x = 1\",\"objective\":\"loss\"}";
        }
        if (p.endsWith("/metrics")) {
            return "[{\"key\":\"probe\",\"step\":1,\"value\":1}]";
        }
        if (p.endsWith("/logs")) {
            return e.consumes().startsWith("text/") ? "probe" : "[\"probe\"]";
        }
        if (p.endsWith("/params") || p.endsWith("/tags")) {
            return "{\"probe\":\"1\"}";
        }
        if (p.equals("/api/notebooks")) {
            return "{\"team\":\"team-a\",\"kind\":\"SLURM\",\"cluster\":\"c1\",\"image\":\"matrix-env\"}";
        }
        if (p.endsWith("/shared")) {
            return "{\"withAdmins\":false}";
        }
        if (p.endsWith("/report")) {
            return "{\"node\":\"c1n1\",\"port\":8888}";
        }
        if (p.endsWith("/token")) {
            return "not-the-claim-secret";
        }
        if (p.equals("/api/models")) {
            return "{\"team\":\"team-a\",\"name\":\"matrix-probe\"}";
        }
        if (p.equals("/api/models/{id}/versions")) {
            return "{\"runId\":\"" + team.run() + "\",\"artifact\":\"isoleak.txt\",\"format\":\"sklearn\"}";
        }
        if (p.endsWith("/tags/{key}")) {
            return "{\"value\":\"probe\"}";
        }
        if (p.endsWith("/aliases/{alias}") || p.endsWith("/rollback")) {
            return "{\"versionId\":" + team.version() + "}";
        }
        if (p.equals("/api/models/environments/{name}")) {
            return "{\"cluster\":\"k-none\",\"namespacePattern\":\"\",\"teamAdminsApprove\":false,"
                    + "\"approvalsNeeded\":1,\"rollbackWithoutApproval\":false,\"cpu\":\"100m\","
                    + "\"memory\":\"128Mi\",\"minReplicas\":1,\"maxReplicas\":1}";
        }
        if (p.equals("/api/models/promotions")) {
            return "{\"versionId\":" + team.version() + ",\"environment\":\"" + ENVIRONMENT
                    + "\",\"comment\":\"probe\"}";
        }
        if (p.startsWith("/api/models/promotions/{requestId}/")) {
            return "{\"comment\":\"probe\"}";
        }
        return e.consumes().isEmpty() ? null : "{}";
    }

    private Answer pagePlain(Role role, Page page, String path) throws Exception {
        if (role == Role.ANONYMOUS) {
            try (var http = HttpClient.newBuilder()
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .build()) {
                var r = http.send(
                        HttpRequest.newBuilder(URI.create(portal() + path))
                                .header("Accept", "text/html")
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                return new Answer(
                        r.statusCode(),
                        r.body(),
                        r.headers().firstValue("Location").orElse(""));
            }
        }
        APIResponse r = page.context()
                .request()
                .get(
                        portal() + path,
                        RequestOptions.create().setHeader("Accept", "text/html").setMaxRedirects(0));
        return new Answer(r.status(), r.text(), r.headers().getOrDefault("location", ""));
    }

    private Answer pageInBrowser(Page page, String path) {
        Response r = page.navigate(portal() + path);
        page.waitForLoadState(LoadState.NETWORKIDLE);
        return new Answer(r == null ? 0 : r.status(), page.content(), "");
    }

    /** team-a's data in an answer that must not carry it. */
    private static List<String> leaks(String key, Role role, String channel, String path, Answer a) {
        boolean mayRead = (role == Role.OWNER
                        || role == Role.PORTAL_ADMIN
                        // approvers decide other teams' promotion requests: they see the request's lineage
                        || (role == Role.APPROVER && APPROVER_READS.contains(key)))
                && a.status() < 300;
        // what the caller sent (an artifact's name in the path) may be echoed back; nothing else of team-a's
        String body = a.body().replace(path, "").toLowerCase(Locale.ROOT);
        if (mayRead || !body.contains(MARK)) {
            return List.of();
        }
        int at = body.indexOf(MARK);
        return List.of(key + " as " + role + " (" + channel + ", " + a.status() + ") carries team-a's data: …"
                + body.substring(Math.max(0, at - 80), Math.min(body.length(), at + 40)) + "…");
    }
}
