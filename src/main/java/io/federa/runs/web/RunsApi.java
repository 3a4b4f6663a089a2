package io.federa.runs.web;

import io.federa.identity.CurrentUser;
import io.federa.identity.CurrentUsers;
import io.federa.runs.MetricPoint;
import io.federa.runs.Runs;
import io.federa.runs.web.ApiBodies.ArtifactBody;
import io.federa.runs.web.ApiBodies.LogLineBody;
import io.federa.runs.web.ApiBodies.RunBody;
import io.federa.runs.web.ApiBodies.RunSummaryBody;
import io.federa.runs.web.ApiBodies.StateChangeBody;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * People reading their teams' runs (OIDC session). Another team's run answers 404, exactly like a
 * run that does not exist.
 */
@RestController
@RequestMapping("/api/runs")
class RunsApi {

    /** A run with its state history and artifacts; metrics and logs have their own, paged endpoints. */
    record RunDetails(RunBody run, List<StateChangeBody> history, List<ArtifactBody> artifacts) {}

    /** One metric's points as [step, value] pairs, for charts. */
    record MetricSeries(String key, List<double[]> points) {}

    private final Runs runs;
    private final CurrentUsers currentUsers;

    RunsApi(Runs runs, CurrentUsers currentUsers) {
        this.runs = runs;
        this.currentUsers = currentUsers;
    }

    @GetMapping
    List<RunSummaryBody> list(
            @RequestParam(required = false) @Nullable String team,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        int limit = Math.clamp(size, 1, 500);
        return runs.page(user(), team, Math.max(page, 0) * limit, limit).stream()
                .map(RunSummaryBody::of)
                .toList();
    }

    @GetMapping("/{id}")
    ResponseEntity<RunDetails> one(@PathVariable String id) {
        CurrentUser user = user();
        return ResponseEntity.of(runs.find(user, id)
                .map(run -> new RunDetails(
                        RunBody.of(run),
                        runs.history(user, id).stream().map(StateChangeBody::of).toList(),
                        runs.artifacts(user, id).stream().map(ArtifactBody::of).toList())));
    }

    /** Asks Slurm to cancel the run's job (as the Cancel button does); the run ends CANCELLED once the mirror sees it. */
    @PostMapping("/{id}/cancel")
    RunBody cancel(@PathVariable String id) {
        return RunBody.of(runs.cancel(user(), id));
    }

    /**
     * The run's metrics as series of [step, value]: raw points from step {@code from} on (at most
     * {@code limit}, never more than {@link Runs#MAX_METRIC_POINTS_READ}), or with {@code points} each
     * series as a curve of at most that many points ({@link Runs#metricCurves}).
     */
    @GetMapping("/{id}/metrics")
    ResponseEntity<List<MetricSeries>> metrics(
            @PathVariable String id,
            @RequestParam(required = false) @Nullable String key,
            @RequestParam(defaultValue = "0") long from,
            @RequestParam(defaultValue = "" + Runs.MAX_METRIC_POINTS_READ) int limit,
            @RequestParam(required = false) @Nullable Integer points) {
        CurrentUser user = user();
        if (runs.find(user, id).isEmpty()) {
            return ResponseEntity.notFound().build();
        }
        List<MetricPoint> read = points == null
                ? runs.metrics(user, id, key, from, limit)
                : runs.metricCurves(user, id, points).stream()
                        .filter(p -> key == null || p.key().equals(key))
                        .toList();
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        for (MetricPoint p : read) {
            series.computeIfAbsent(p.key(), k -> new java.util.ArrayList<>()).add(new double[] {p.step(), p.value()});
        }
        return ResponseEntity.ok(series.entrySet().stream()
                .map(e -> new MetricSeries(e.getKey(), e.getValue()))
                .toList());
    }

    @GetMapping("/{id}/logs")
    ResponseEntity<List<LogLineBody>> logs(
            @PathVariable String id,
            @RequestParam(defaultValue = "0") long after,
            @RequestParam(defaultValue = "1000") int limit) {
        CurrentUser user = user();
        if (runs.find(user, id).isEmpty()) {
            return ResponseEntity.notFound().build();
        }
        return ResponseEntity.ok(
                runs.logs(user, id, after, limit).stream().map(LogLineBody::of).toList());
    }

    @GetMapping("/{id}/artifacts/{name}")
    ResponseEntity<Resource> artifact(@PathVariable String id, @PathVariable String name) {
        // thrown, not an empty 404: the problem body cannot be written as a Resource (it was a 500)
        Path file = runs.artifactFile(user(), id, name)
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.NOT_FOUND, "No such artifact of that run."));
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header("Content-Disposition", "attachment; filename=\"" + file.getFileName() + "\"")
                .body(new FileSystemResource(file));
    }

    /** Reads are for people; a run token (a job) gets 403 here. */
    private CurrentUser user() {
        return currentUsers
                .current()
                .orElseThrow(() -> new ResponseStatusException(HttpStatus.FORBIDDEN, "reads need a person's login"));
    }
}
