package io.federa.notebooks.internal;

import io.federa.notebooks.Notebook;
import io.federa.notebooks.NotebookKind;
import io.federa.notebooks.NotebookState;
import io.federa.shared.SystemTasks;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Idle culling that does not lose work (docs/adr/0030-notebooks.md). Activity comes from Jupyter's own
 * API: {@code /api/status}'s {@code last_activity}, and {@code /api/kernels} where a kernel whose
 * {@code execution_state} is {@code busy} counts as active now, output or not. The owner is warned
 * {@code federa.notebooks.cull-warning} before the cull and can extend; the cull stops the notebook
 * (Kubeflow's stop annotation, or scancel), never deletes it. A Jupyter that does not answer is not
 * culled: no news is not idleness. Runs on the leader only (ADR 29), with the injected clock.
 */
@Component
class NotebookCuller {

    private static final Logger log = LoggerFactory.getLogger(NotebookCuller.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcNotebookStore store;
    private final NotebookService service;
    private final NotebookLifecycle lifecycle;
    private final NotebooksProperties props;
    private final Clock clock;
    private final HttpClient http;

    NotebookCuller(
            JdbcNotebookStore store,
            NotebookService service,
            NotebookLifecycle lifecycle,
            NotebooksProperties props,
            Clock clock) {
        this.store = store;
        this.service = service;
        this.lifecycle = lifecycle;
        this.props = props;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(props.activityTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Scheduled(
            initialDelayString = "${federa.notebooks.cull-interval:30s}",
            fixedDelayString = "${federa.notebooks.cull-interval:30s}")
    void scheduled() {
        SystemTasks.runAsSystem(() -> {
            cullOnce();
            return null;
        });
    }

    /** One pass over every ready notebook. */
    void cullOnce() {
        for (NotebookKind kind : NotebookKind.values()) {
            for (Notebook n : store.inStates(kind, EnumSet.of(NotebookState.READY))) {
                try {
                    check(n);
                } catch (RuntimeException e) {
                    log.warn("idle check of notebook {} failed: {}", n.id(), e.toString());
                }
            }
        }
    }

    private void check(Notebook n) {
        Optional<Instant> activity = lastActivity(n);
        if (activity.isEmpty()) {
            return;
        }
        store.activity(n.id(), activity.get());
        Notebook now = store.find(n.id()).orElse(n);
        Instant at = clock.instant();
        Duration idle = now.idleFor(at);
        if (idle.compareTo(now.idleCull()) >= 0) {
            service.stopNow(
                    now,
                    "Stopped after " + idle.toMinutes() + " min without activity (its idle time is "
                            + now.idleCull().toMinutes() + " min); nothing was deleted. Start it again when you "
                            + "need it.",
                    "culled");
        } else if (now.cullWarnedAt() == null && idle.compareTo(now.idleCull().minus(props.cullWarning())) >= 0) {
            store.warned(n.id(), at);
            lifecycle.record(now, "warned", null);
        }
    }

    /**
     * The latest activity Jupyter reports: {@code last_activity} of its status and of its kernels, and
     * now if a kernel is busy. Empty when Jupyter does not answer.
     */
    Optional<Instant> lastActivity(Notebook n) {
        URI base = n.upstream();
        if (base == null) {
            return Optional.empty();
        }
        String token = store.jupyterToken(n.id());
        Optional<JsonNode> status = get(base.resolve("api/status"), token);
        Optional<JsonNode> kernels = get(base.resolve("api/kernels"), token);
        if (status.isEmpty() && kernels.isEmpty()) {
            return Optional.empty();
        }
        Instant latest = null;
        if (status.isPresent()) {
            latest = later(latest, parse(status.get().path("last_activity").asString("")));
        }
        if (kernels.isPresent()) {
            for (JsonNode k : kernels.get()) {
                if ("busy".equals(k.path("execution_state").asString(""))) {
                    latest = later(latest, clock.instant());
                }
                latest = later(latest, parse(k.path("last_activity").asString("")));
            }
        }
        return Optional.ofNullable(latest);
    }

    private Optional<JsonNode> get(URI uri, String token) {
        try {
            HttpResponse<String> r = http.send(
                    HttpRequest.newBuilder(uri)
                            .timeout(props.activityTimeout())
                            .header("Authorization", "token " + token)
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Optional.of(JSON.readTree(r.body())) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static @Nullable Instant parse(String text) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return java.time.OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }

    private static @Nullable Instant later(@Nullable Instant a, @Nullable Instant b) {
        if (a == null) {
            return b;
        }
        return b == null || a.isAfter(b) ? a : b;
    }
}
