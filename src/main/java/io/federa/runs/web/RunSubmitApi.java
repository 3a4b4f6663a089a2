package io.federa.runs.web;

import io.federa.identity.CurrentUser;
import io.federa.identity.CurrentUsers;
import io.federa.runs.Run;
import io.federa.runs.Runs;
import io.federa.runs.web.ApiBodies.RunBody;
import io.federa.submission.RunRefusedException;
import io.federa.submission.RunRequest;
import io.federa.templates.RunTemplates;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Submitting runs over REST, for people (OIDC session; POSTs carry the CSRF token from {@code GET
 * /api/csrf}) and scripts (access tokens). The same checks as the submit page: a field out of its
 * bounds answers 422 with the fields, a team the caller is not in 403, bad input 400 with every problem, a quota that would be exceeded 409 (problems,
 * from the global advice); nothing reaches Slurm in those cases.
 */
@RestController
@RequestMapping("/api/runs")
class RunSubmitApi {

    /**
     * A run to submit: either {@code script} or {@code template} (+ {@code templateValues}); {@code
     * cluster} a cluster's name or {@code "any"} (the default) for any eligible cluster. The bounds of
     * single fields are checked before anything else (422 with each field's problem); what depends on
     * the cluster, the script or the quota afterwards (400 or 409 with the problems).
     */
    record SubmitBody(
            @Nullable String team,

            @Nullable @Size(max = 100, message = "at most 100 characters")
            String cluster,

            @Nullable String script,

            @Nullable @Size(max = 100, message = "at most 100 characters")
            String template,

            @Nullable Map<String, String> templateValues,

            @Nullable @Min(value = 1, message = "at least 1") @Max(value = 100_000, message = "at most 100000")
            Integer tasks,

            @Nullable @Min(value = 1, message = "at least 1") @Max(value = 10_000, message = "at most 10000")
            Integer cpusPerTask,

            @Nullable @Min(value = 0, message = "at least 0") @Max(value = 1_000, message = "at most 1000")
            Integer gpus,

            @Nullable @Size(max = 100, message = "at most 100 characters")
            String partition,

            @Nullable @Size(max = 32, message = "at most 32 characters")
            String timeLimit,

            @Nullable @Size(max = 200, message = "at most 200 characters")
            String jobName,

            @Nullable @Size(max = 64, message = "at most 64 characters")
            String gitCommit,

            @Nullable @Size(max = 200, message = "at most 200 params")
            Map<String, String> params) {

        RunRequest toRequest() {
            if (team == null || team.isBlank()) {
                throw new RunRefusedException("Say which team the run is for (\"team\").");
            }
            return new RunRequest(
                    team,
                    cluster == null || cluster.isBlank() ? "any" : cluster,
                    script == null ? "" : script,
                    tasks,
                    cpusPerTask,
                    gpus,
                    partition,
                    timeLimit,
                    jobName,
                    gitCommit,
                    params == null ? Map.of() : params,
                    template == null || template.isBlank() ? null : template,
                    templateValues == null ? Map.of() : templateValues);
        }
    }

    private final Runs runs;
    private final RunTemplates templates;
    private final CurrentUsers currentUsers;

    RunSubmitApi(Runs runs, RunTemplates templates, CurrentUsers currentUsers) {
        this.runs = runs;
        this.templates = templates;
        this.currentUsers = currentUsers;
    }

    /** Submits; 201 with the run (its notes say where it went and why) and its location. */
    @PostMapping
    ResponseEntity<RunBody> submit(@Valid @RequestBody SubmitBody body) {
        Run run = runs.submit(user(), body.toRequest());
        return ResponseEntity.created(URI.create("/api/runs/" + run.id())).body(RunBody.of(run));
    }

    /** A dry run: what would be sent, where to and why, notes and problems; nothing is stored or sent. */
    @PostMapping("/check")
    SubmitBodies.PlanBody check(@Valid @RequestBody SubmitBody body) {
        return SubmitBodies.PlanBody.of(runs.check(user(), body.toRequest()));
    }

    @GetMapping("/templates")
    List<SubmitBodies.TemplateBody> templates() {
        return templates.list(user()).stream()
                .map(SubmitBodies.TemplateBody::of)
                .toList();
    }

    /** Submitting is for people; a run token (a job) gets 403 here. */
    private CurrentUser user() {
        return currentUsers
                .current()
                .orElseThrow(
                        () -> new ResponseStatusException(HttpStatus.FORBIDDEN, "submitting needs a person's login"));
    }
}
