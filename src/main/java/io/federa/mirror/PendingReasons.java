package io.federa.mirror;

import java.util.Map;

/** Slurm's pending reasons in plain words. Unknown codes are shown as Slurm wrote them. */
public final class PendingReasons {

    private static final Map<String, String> WORDS = Map.ofEntries(
            Map.entry("None", "about to be scheduled"),
            Map.entry("Priority", "waiting for jobs with higher priority"),
            Map.entry("Resources", "waiting for enough free CPUs, memory or GPUs"),
            Map.entry("Dependency", "waiting for the jobs it depends on"),
            Map.entry("DependencyNeverSatisfied", "will never start: a job it depends on failed"),
            Map.entry("BeginTime", "waiting for its requested start time"),
            Map.entry("JobHeldUser", "held by its owner"),
            Map.entry("JobHeldAdmin", "held by an administrator"),
            Map.entry("PartitionDown", "its partition is down"),
            Map.entry("PartitionInactive", "its partition is inactive"),
            Map.entry("PartitionTimeLimit", "asks for more time than the partition allows"),
            Map.entry("PartitionNodeLimit", "asks for more nodes than the partition allows"),
            Map.entry("ReqNodeNotAvail", "a node it needs is not available"),
            Map.entry("AssocGrpCpuLimit", "the team's CPU limit is in use by its other jobs"),
            Map.entry("AssocGrpGRES", "the team's GPU limit is in use by its other jobs"),
            Map.entry("AssocGrpJobsLimit", "the team already runs as many jobs as it may"),
            Map.entry("AssocGrpCPUMinutesLimit", "the team's CPU-hours for this period are used up"),
            Map.entry("AssocMaxJobsLimit", "you already run as many jobs as you may"),
            Map.entry("QOSGrpCpuLimit", "the team's CPU quota is in use by its other jobs"),
            Map.entry("QOSGrpGRES", "the team's GPU quota is in use by its other jobs"),
            Map.entry("QOSGrpJobsLimit", "the team already runs as many jobs as its quota allows"),
            Map.entry("QOSMaxJobsPerUserLimit", "you already run as many jobs as the quota allows"),
            Map.entry("QOSGrpCPUMinutesLimit", "the team's CPU-hours quota is used up"),
            Map.entry("InvalidAccount", "its Slurm account is not valid"),
            Map.entry("InvalidQOS", "its quality of service is not valid"),
            Map.entry("NodeDown", "a node it needs is down"),
            Map.entry("launch failed requeued held", "launch failed; the job was requeued and held"));

    private PendingReasons() {}

    public static String inWords(String reason) {
        if (reason.isBlank()) {
            return "";
        }
        return WORDS.getOrDefault(reason, reason);
    }
}
