package io.federa.runs.web;

import io.federa.runs.Run;
import io.federa.runs.RunArtifact;
import io.federa.runs.RunLogLine;
import io.federa.runs.RunStateChange;
import io.federa.runs.RunSummary;
import io.federa.runs.Sweep;
import io.federa.runs.SweepBest;
import io.federa.runs.SweepTrialRun;
import io.federa.submission.RunResources;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What the runs and sweeps REST API answers: response bodies of their own, so that the domain records can
 * change without changing the API. Field names and JSON shapes are those the API has always had (states
 * and enums as their names).
 */
final class ApiBodies {

    private ApiBodies() {}

    /** A run as the API shows it. */
    public record RunBody(
            String id,
            String team,
            String owner,
            String cluster,
            String slurmUser,
            String account,
            String state,
            String stateReason,
            String script,
            ResourcesBody resources,
            @Nullable String gitCommit,
            Map<String, String> params,
            Map<String, String> tags,
            @Nullable Long slurmJobId,
            Instant createdAt,
            @Nullable Instant submittedAt,
            @Nullable Instant endedAt,
            List<String> notes) {

        static RunBody of(Run d) {
            return new RunBody(
                    d.id(),
                    d.team(),
                    d.owner(),
                    d.cluster(),
                    d.slurmUser(),
                    d.account(),
                    d.state().name(),
                    d.stateReason(),
                    d.script(),
                    ResourcesBody.of(d.resources()),
                    d.gitCommit(),
                    d.params(),
                    d.tags(),
                    d.slurmJobId(),
                    d.createdAt(),
                    d.submittedAt(),
                    d.endedAt(),
                    d.notes());
        }
    }

    /** What a run asks Slurm for. */
    public record ResourcesBody(
            int tasks,
            int cpusPerTask,
            @Nullable Integer nodes,
            int gpus,
            @Nullable String gres,
            @Nullable String partition,
            @Nullable Integer timeLimitMinutes,
            String jobName,
            String output,
            String workingDirectory,
            boolean exclusive) {

        static ResourcesBody of(RunResources d) {
            return new ResourcesBody(
                    d.tasks(),
                    d.cpusPerTask(),
                    d.nodes(),
                    d.gpus(),
                    d.gres(),
                    d.partition(),
                    d.timeLimitMinutes(),
                    d.jobName(),
                    d.output(),
                    d.workingDirectory(),
                    d.exclusive());
        }
    }

    /** A run in a list. */
    public record RunSummaryBody(
            String id,
            String team,
            String owner,
            String cluster,
            String jobName,
            String state,
            String stateReason,
            @Nullable Long slurmJobId,
            Instant createdAt,
            @Nullable Instant endedAt) {

        static RunSummaryBody of(RunSummary d) {
            return new RunSummaryBody(
                    d.id(),
                    d.team(),
                    d.owner(),
                    d.cluster(),
                    d.jobName(),
                    d.state().name(),
                    d.stateReason(),
                    d.slurmJobId(),
                    d.createdAt(),
                    d.endedAt());
        }
    }

    /** One step of a run's state history. */
    public record StateChangeBody(String state, String reason, Instant at) {

        static StateChangeBody of(RunStateChange d) {
            return new StateChangeBody(d.state().name(), d.reason(), d.at());
        }
    }

    /** A file a job uploaded. */
    public record ArtifactBody(String name, long sizeBytes, String sha256, Instant storedAt) {

        static ArtifactBody of(RunArtifact d) {
            return new ArtifactBody(d.name(), d.sizeBytes(), d.sha256(), d.storedAt());
        }
    }

    /** One log line a job reported. */
    public record LogLineBody(long seq, String line, Instant at) {

        static LogLineBody of(RunLogLine d) {
            return new LogLineBody(d.seq(), d.line(), d.at());
        }
    }

    /** A sweep as the API shows it. */
    public record SweepBody(
            String id,
            String team,
            String owner,
            String cluster,
            String slurmUser,
            String account,
            String state,
            String stateReason,
            String script,
            String space,
            String strategy,
            int samples,
            long seed,
            String objectiveMetric,
            String goal,
            int maxConcurrent,
            int trialCount,
            String jobName,
            int cpusPerTrial,
            int gpusPerTrial,
            @Nullable String partition,
            @Nullable Integer timeLimitMinutes,
            @Nullable Long arrayJobId,
            Instant createdAt,
            @Nullable Instant submittedAt,
            @Nullable Instant endedAt,
            List<String> notes) {

        static SweepBody of(Sweep d) {
            return new SweepBody(
                    d.id(),
                    d.team(),
                    d.owner(),
                    d.cluster(),
                    d.slurmUser(),
                    d.account(),
                    d.state().name(),
                    d.stateReason(),
                    d.script(),
                    d.space(),
                    d.strategy().name(),
                    d.samples(),
                    d.seed(),
                    d.objectiveMetric(),
                    d.goal().name(),
                    d.maxConcurrent(),
                    d.trialCount(),
                    d.jobName(),
                    d.cpusPerTrial(),
                    d.gpusPerTrial(),
                    d.partition(),
                    d.timeLimitMinutes(),
                    d.arrayJobId(),
                    d.createdAt(),
                    d.submittedAt(),
                    d.endedAt(),
                    d.notes());
        }
    }

    /** One trial of a sweep. */
    public record TrialBody(
            int index,
            String runId,
            String state,
            String stateReason,
            Map<String, String> params,
            @Nullable Long slurmJobId,
            @Nullable Double objectiveValue) {

        static TrialBody of(SweepTrialRun d) {
            return new TrialBody(
                    d.index(),
                    d.runId(),
                    d.state().name(),
                    d.stateReason(),
                    d.params(),
                    d.slurmJobId(),
                    d.objectiveValue());
        }
    }

    /** The best trial of a sweep so far. */
    public record BestBody(TrialBody trial, double value, List<Integer> tiedTrials, List<Integer> trialsWithoutValue) {

        static BestBody of(SweepBest d) {
            return new BestBody(TrialBody.of(d.trial()), d.value(), d.tiedTrials(), d.trialsWithoutValue());
        }
    }
}
