package io.federa.runs.web;

import io.federa.identity.CurrentUser;
import io.federa.identity.CurrentUsers;
import io.federa.runs.InvalidSweepException;
import io.federa.runs.Sweep;
import io.federa.runs.SweepObjective;
import io.federa.runs.SweepRequest;
import io.federa.runs.SweepSpace;
import io.federa.runs.SweepSpec;
import io.federa.runs.Sweeps;
import io.federa.runs.web.ApiBodies.BestBody;
import io.federa.runs.web.ApiBodies.SweepBody;
import io.federa.runs.web.ApiBodies.TrialBody;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sweeps for people (OIDC session). Another team's sweep answers 404, exactly like one that does not
 * exist; its trials are runs and read through {@code /api/runs/{id}}.
 */
@RestController
@RequestMapping("/api/sweeps")
class SweepsApi {

    /**
     * A sweep as posted. {@code parameters} in {@link SweepSpace} notation, one a line ("lr = 0.001,
     * 0.01", "epochs = 1..3", "wd = 1e-4..1e-1 log 4"); {@code strategy} GRID (default) or RANDOM with
     * {@code samples} and {@code seed}; {@code goal} MINIMIZE/MAXIMIZE (or min/max).
     */
    record SweepForm(
            String team,
            String cluster,
            String script,
            String parameters,
            @Nullable String strategy,
            @Nullable Integer samples,
            @Nullable Long seed,
            String objective,
            @Nullable String goal,
            @Nullable Integer maxConcurrent,
            @Nullable Integer tasks,
            @Nullable Integer cpusPerTask,
            @Nullable Integer gpus,
            @Nullable String partition,
            @Nullable String timeLimit,
            @Nullable String jobName,
            @Nullable String gitCommit) {}

    record SweepDetails(
            SweepBody sweep,
            List<TrialBody> trials,
            @Nullable BestBody best) {}

    private final Sweeps sweeps;
    private final CurrentUsers currentUsers;

    SweepsApi(Sweeps sweeps, CurrentUsers currentUsers) {
        this.sweeps = sweeps;
        this.currentUsers = currentUsers;
    }

    /** Who may submit for the team is checked before the parameter space is parsed. */
    @PostMapping
    ResponseEntity<SweepBody> submit(@RequestBody SweepForm form) {
        CurrentUser user = currentUsers.require();
        if (form.team() == null || form.team().isBlank()) {
            throw new InvalidSweepException("Name the team the sweep runs for.");
        }
        sweeps.requireSubmitter(user, form.team());
        Sweep sweep = sweeps.submit(user, request(form));
        return ResponseEntity.created(URI.create("/api/sweeps/" + sweep.id())).body(SweepBody.of(sweep));
    }

    @GetMapping
    List<SweepBody> list(
            @RequestParam(required = false) @Nullable String team,
            @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "50") int size) {
        int limit = Math.clamp(size, 1, 500);
        return sweeps.page(currentUsers.require(), team, Math.max(page, 0) * limit, limit).stream()
                .map(SweepBody::of)
                .toList();
    }

    @GetMapping("/{id}")
    ResponseEntity<SweepDetails> one(@PathVariable String id) {
        CurrentUser user = currentUsers.require();
        return ResponseEntity.of(sweeps.find(user, id)
                .map(s -> new SweepDetails(
                        SweepBody.of(s),
                        sweeps.trials(user, id).stream().map(TrialBody::of).toList(),
                        sweeps.best(user, id).map(BestBody::of).orElse(null))));
    }

    static SweepRequest request(SweepForm f) {
        SweepSpec.Strategy strategy = f.strategy() == null || f.strategy().isBlank()
                ? SweepSpec.Strategy.GRID
                : parse(SweepSpec.Strategy.class, f.strategy(), "strategy", "GRID or RANDOM");
        SweepSpec spec = SweepSpace.spec(
                f.parameters() == null ? "" : f.parameters(),
                strategy,
                f.samples() == null ? 0 : f.samples(),
                f.seed() == null ? 0 : f.seed());
        return new SweepRequest(
                f.team(),
                f.cluster(),
                f.script() == null ? "" : f.script(),
                f.tasks(),
                f.cpusPerTask(),
                f.gpus(),
                f.partition(),
                f.timeLimit(),
                f.jobName(),
                f.gitCommit(),
                spec,
                f.objective() == null ? "" : f.objective(),
                goal(f.goal()),
                f.maxConcurrent());
    }

    static SweepObjective.Goal goal(@Nullable String goal) {
        if (goal == null || goal.isBlank()) {
            return SweepObjective.Goal.MINIMIZE;
        }
        return switch (goal.strip().toLowerCase(Locale.ROOT)) {
            case "min", "minimize" -> SweepObjective.Goal.MINIMIZE;
            case "max", "maximize" -> SweepObjective.Goal.MAXIMIZE;
            default -> throw new InvalidSweepException("The goal is min or max, not \"" + goal + "\".");
        };
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String value, String what, String allowed) {
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidSweepException("The " + what + " is " + allowed + ".");
        }
    }
}
