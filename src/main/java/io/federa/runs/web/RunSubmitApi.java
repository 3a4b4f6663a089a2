package io.federa.runs.web;

import io.federa.identity.CurrentUser;
import io.federa.identity.CurrentUsers;
import io.federa.runs.Run;
import io.federa.runs.Runs;
import io.federa.runs.web.ApiBodies.RunBody;
import io.federa.submission.RunPlan;
import io.federa.submission.RunRefusedException;
import io.federa.submission.RunRequest;
import io.federa.templates.RunTemplate;
import io.federa.templates.RunTemplates;
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
 * /api/csrf}) and scripts (access tokens). The same checks as the submit page: a team the caller is
 * not in answers 403, bad input 400 with every problem, a quota that would be exceeded 409 (problems,
 * from the global advice); nothing reaches Slurm in those cases.
 */
@RestController
@RequestMapping("/api/runs")
class RunSubmitApi {

    /**
     * A run to submit: either {@code script} or {@code template} (+ {@code templateValues}); {@code
     * cluster} a cluster's name or {@code "any"} (the default) for any eligible cluster.
     */
    record SubmitBody(
            @Nullable String team,
            @Nullable String cluster,
            @Nullable String script,
            @Nullable String template,
            @Nullable Map<String, String> templateValues,
            @Nullable Integer tasks,
            @Nullable Integer cpusPerTask,
            @Nullable Integer gpus,
            @Nullable String partition,
            @Nullable String timeLimit,
            @Nullable String jobName,
            @Nullable String gitCommit,
            @Nullable Map<String, String> params) {

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
    ResponseEntity<RunBody> submit(@RequestBody SubmitBody body) {
        Run run = runs.submit(user(), body.toRequest());
        return ResponseEntity.created(URI.create("/api/runs/" + run.id())).body(RunBody.of(run));
    }

    /** A dry run: what would be sent, where to and why, notes and problems; nothing is stored or sent. */
    @PostMapping("/check")
    RunPlan check(@RequestBody SubmitBody body) {
        return runs.check(user(), body.toRequest());
    }

    @GetMapping("/templates")
    List<RunTemplate> templates() {
        return templates.list(user());
    }

    /** Submitting is for people; a run token (a job) gets 403 here. */
    private CurrentUser user() {
        return currentUsers
                .current()
                .orElseThrow(
                        () -> new ResponseStatusException(HttpStatus.FORBIDDEN, "submitting needs a person's login"));
    }
}
