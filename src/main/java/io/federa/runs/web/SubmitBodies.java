package io.federa.runs.web;

import io.federa.quota.InUse;
import io.federa.quota.TeamQuota;
import io.federa.runs.web.ApiBodies.ResourcesBody;
import io.federa.submission.ClusterVerdict;
import io.federa.submission.RouteDecision;
import io.federa.submission.RunPlan;
import io.federa.submission.ScriptDirectives;
import io.federa.submission.SlurmTime;
import io.federa.templates.RunTemplate;
import io.federa.templates.TemplateParam;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What {@code POST /api/runs/check} and {@code GET /api/runs/templates} answer: bodies of their own
 * rather than the submission and template modules' records, so that those can change without changing
 * the API. Field names and JSON shapes are those the API has always had ({@code SubmitBodiesTest}
 * compares them with the records' own JSON).
 */
final class SubmitBodies {

    private SubmitBodies() {}

    /** A dry run: what would be sent, where to and why. */
    public record PlanBody(
            DirectivesBody directives,
            @Nullable ResourcesBody resources,
            List<String> notes,
            List<String> problems,
            String script,
            @Nullable String cluster,
            @Nullable RoutingBody routing) {

        static PlanBody of(RunPlan d) {
            return new PlanBody(
                    DirectivesBody.of(d.directives()),
                    d.resources() == null ? null : ResourcesBody.of(d.resources()),
                    d.notes(),
                    d.problems(),
                    d.script(),
                    d.cluster(),
                    d.routing() == null ? null : RoutingBody.of(d.routing()));
        }
    }

    /** What the script's #SBATCH lines ask for. */
    public record DirectivesBody(
            @Nullable Integer tasks,
            @Nullable Integer cpusPerTask,
            @Nullable Integer nodes,
            @Nullable Integer gpus,
            @Nullable String gres,
            @Nullable String partition,
            @Nullable TimeLimitBody timeLimit,
            @Nullable String jobName,
            @Nullable String output,
            @Nullable String workingDirectory,
            boolean exclusive,
            List<DirectiveBody> directives,
            List<String> notes,
            List<String> problems) {

        static DirectivesBody of(ScriptDirectives d) {
            return new DirectivesBody(
                    d.tasks(),
                    d.cpusPerTask(),
                    d.nodes(),
                    d.gpus(),
                    d.gres(),
                    d.partition(),
                    d.timeLimit() == null ? null : TimeLimitBody.of(d.timeLimit()),
                    d.jobName(),
                    d.output(),
                    d.workingDirectory(),
                    d.exclusive(),
                    d.directives().stream()
                            .map(x -> new DirectiveBody(x.line(), x.option(), x.value()))
                            .toList(),
                    d.notes(),
                    d.problems());
        }
    }

    public record DirectiveBody(int line, String option, String value) {}

    public record TimeLimitBody(int minutes, boolean unlimited) {

        static TimeLimitBody of(SlurmTime.Limit d) {
            return new TimeLimitBody(d.minutes(), d.unlimited());
        }
    }

    /** Every cluster considered, with why it was chosen or excluded. */
    public record RoutingBody(@Nullable String chosen, String explanation, List<VerdictBody> clusters) {

        static RoutingBody of(RouteDecision d) {
            return new RoutingBody(
                    d.chosen(),
                    d.explanation(),
                    d.clusters().stream().map(VerdictBody::of).toList());
        }
    }

    public record VerdictBody(
            String cluster,
            boolean eligible,
            boolean chosen,
            String summary,
            List<String> reasons,
            @Nullable String partition,
            @Nullable QuotaBody quota,
            InUseBody held,
            int queuedJobs,
            int idleCpus) {

        static VerdictBody of(ClusterVerdict d) {
            return new VerdictBody(
                    d.cluster(),
                    d.eligible(),
                    d.chosen(),
                    d.summary(),
                    d.reasons(),
                    d.partition(),
                    d.quota() == null ? null : QuotaBody.of(d.quota()),
                    InUseBody.of(d.held()),
                    d.queuedJobs(),
                    d.idleCpus());
        }
    }

    public record QuotaBody(
            String team,
            String cluster,
            @Nullable Integer maxCpus,
            @Nullable Integer maxGpus,
            @Nullable Integer maxJobs,
            @Nullable Integer cpuHoursPerMonth,
            @Nullable Integer gpuHoursPerMonth) {

        static QuotaBody of(TeamQuota d) {
            return new QuotaBody(
                    d.team(),
                    d.cluster(),
                    d.maxCpus(),
                    d.maxGpus(),
                    d.maxJobs(),
                    d.cpuHoursPerMonth(),
                    d.gpuHoursPerMonth());
        }
    }

    public record InUseBody(int cpus, int gpus, int jobs) {

        static InUseBody of(InUse d) {
            return new InUseBody(d.cpus(), d.gpus(), d.jobs());
        }
    }

    /** A run template as the API lists it. */
    public record TemplateBody(
            String id,
            String name,
            String description,
            String script,
            List<TemplateParamBody> params,
            @Nullable Instant updatedAt,
            @Nullable String updatedBy) {

        static TemplateBody of(RunTemplate d) {
            return new TemplateBody(
                    d.id(),
                    d.name(),
                    d.description(),
                    d.script(),
                    d.params().stream().map(TemplateParamBody::of).toList(),
                    d.updatedAt(),
                    d.updatedBy());
        }
    }

    /** @param type {@code STRING}, {@code INT}, {@code FLOAT}, {@code BOOL} or {@code CHOICE} */
    public record TemplateParamBody(
            String name,
            String label,
            String type,
            @Nullable String defaultValue,
            @Nullable Double min,
            @Nullable Double max,
            boolean required,
            List<String> choices,
            String help) {

        static TemplateParamBody of(TemplateParam d) {
            return new TemplateParamBody(
                    d.name(),
                    d.label(),
                    d.type().name(),
                    d.defaultValue(),
                    d.min(),
                    d.max(),
                    d.required(),
                    d.choices(),
                    d.help());
        }
    }
}
