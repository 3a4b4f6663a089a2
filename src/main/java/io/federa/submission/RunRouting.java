package io.federa.submission;

import io.federa.clusters.SlurmNode;
import io.federa.clusters.SlurmPartition;
import io.federa.quota.InUse;
import io.federa.quota.TeamQuota;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * "Any eligible": which cluster a run goes to, as a pure function of what the portal knows about
 * each cluster (no I/O; the caller gathers {@link Facts} from the registry, the access mappings,
 * the quotas and the job mirror). A cluster is eligible when the team has an account there and may
 * use the partition, the person has a Slurm user there, the cluster is not down, the request fits
 * the partition (time, CPUs, GPUs) and the team's quota has room. Eligible clusters are ranked:
 * one that can start the run at once (enough idle CPUs, and for a GPU run a usable node with enough
 * free GPUs) first, then fewer queued jobs, then more idle CPUs, then by name. See docs/adr/0013-run-templates-and-routing.md.
 */
public final class RunRouting {

    /** The keyword for "any eligible cluster" in {@link RunRequest#cluster()}. */
    public static final String ANY = "any";

    /**
     * What the portal knows about one enabled cluster for one request.
     *
     * @param down non-null (the health reason) when the health poller sees the cluster down
     * @param account the team's Slurm account there; null: none
     * @param allowedPartitions partitions the team may use there; empty: all
     * @param planProblems what {@link RunPlanner#plan} found wrong with the request on this cluster
     * @param resources the merged request there (null when {@code planProblems} left none)
     * @param partition the partition the run would use (the default one when the request names none)
     * @param partitionCpus CPUs of that partition in all (0: unknown)
     * @param maxNodeCpus CPUs of its largest node (0: unknown)
     * @param maxNodeGpus GPUs of its best-equipped node (-1: unknown)
     * @param idleGpus most GPUs free on one usable node of that partition (-1: unknown)
     */
    public record Facts(
            String cluster,
            @Nullable String down,
            @Nullable String account,
            List<String> allowedPartitions,
            boolean hasSlurmUser,
            List<String> planProblems,
            @Nullable RunResources resources,
            @Nullable String partition,
            int partitionCpus,
            int maxNodeCpus,
            int maxNodeGpus,
            @Nullable TeamQuota quota,
            InUse held,
            int queuedJobs,
            int idleCpus,
            int idleGpus) {

        public Facts {
            allowedPartitions = List.copyOf(allowedPartitions);
            planProblems = List.copyOf(planProblems);
        }

        /** Facts whose free GPUs are unknown. */
        public Facts(
                String cluster,
                @Nullable String down,
                @Nullable String account,
                List<String> allowedPartitions,
                boolean hasSlurmUser,
                List<String> planProblems,
                @Nullable RunResources resources,
                @Nullable String partition,
                int partitionCpus,
                int maxNodeCpus,
                int maxNodeGpus,
                @Nullable TeamQuota quota,
                InUse held,
                int queuedJobs,
                int idleCpus) {
            this(
                    cluster,
                    down,
                    account,
                    allowedPartitions,
                    hasSlurmUser,
                    planProblems,
                    resources,
                    partition,
                    partitionCpus,
                    maxNodeCpus,
                    maxNodeGpus,
                    quota,
                    held,
                    queuedJobs,
                    idleCpus,
                    -1);
        }

        /** Could the run start at once: enough idle CPUs and, for a GPU run, free GPUs on one node? */
        boolean startsNow() {
            return resources != null && idleCpus >= resources.cpus() && gpusFreeNow();
        }

        boolean gpusFreeNow() {
            return resources == null || resources.gpus() == 0 || idleGpus < 0 || idleGpus >= resources.gpus();
        }
    }

    private record Scored(Facts f, List<String> excluded) {
        boolean startsNow() {
            return f.startsNow();
        }
    }

    private RunRouting() {}

    /** Why the cluster cannot take the request, one sentence each; empty when it can. */
    public static List<String> exclusions(String team, Facts f) {
        List<String> out = new ArrayList<>();
        if (f.down() != null) {
            out.add("The cluster is down (" + f.down() + ").");
        }
        if (f.account() == null) {
            out.add("Team " + team + " has no Slurm account here.");
        }
        if (!f.hasSlurmUser()) {
            out.add("You have no Slurm user here.");
        }
        out.addAll(f.planProblems());
        if (f.partition() != null && f.account() != null && !partitionAllowed(f.allowedPartitions(), f.partition())) {
            out.add(partitionRefusal(team, f.cluster(), f.partition(), f.allowedPartitions()));
        }
        RunResources r = f.resources();
        if (r != null && f.planProblems().isEmpty()) {
            out.addAll(fit(r, f));
            out.addAll(quota(team, r, f.quota(), f.held()));
        }
        return out;
    }

    public static boolean partitionAllowed(List<String> allowed, String partition) {
        return allowed.isEmpty() || allowed.contains(partition);
    }

    public static String partitionRefusal(String team, String cluster, String partition, List<String> allowed) {
        return "Team " + team + " may not use partition " + partition + " on " + cluster + "; it may use "
                + String.join(", ", allowed) + ".";
    }

    /** Does the request fit the partition's hardware? (Time limits are checked by the planner.) */
    public static List<String> fit(RunResources r, Facts f) {
        return fit(
                r.cpus(),
                r.cpusPerTask(),
                r.gpus(),
                String.valueOf(f.partition()),
                new Hardware(f.partitionCpus(), f.maxNodeCpus(), f.maxNodeGpus(), f.idleCpus(), f.idleGpus()));
    }

    static List<String> fit(int cpus, int cpusPerTask, int gpus, String partition, Hardware h) {
        List<String> out = new ArrayList<>();
        String p = "partition " + partition;
        if (h.cpus() > 0 && cpus > h.cpus()) {
            out.add("The run asks for " + cpus + " CPUs, but " + p + " has " + h.cpus() + " in all.");
        } else if (h.maxNodeCpus() > 0 && cpusPerTask > h.maxNodeCpus()) {
            out.add("The run asks for " + cpusPerTask + " CPUs per task, but the largest node of " + p + " has "
                    + h.maxNodeCpus() + ".");
        }
        if (gpus > 0 && h.maxNodeGpus() >= 0 && gpus > h.maxNodeGpus()) {
            out.add("The run asks for " + gpus + " GPU(s) per node, but "
                    + (h.maxNodeGpus() == 0
                            ? "no node of " + p + " has GPUs."
                            : "the nodes of " + p + " have at most " + h.maxNodeGpus() + "."));
        }
        return out;
    }

    /**
     * A partition's hardware as the registry last read it (no I/O).
     *
     * @param cpus CPUs of the partition in all (0: unknown)
     * @param maxNodeCpus CPUs of its largest node (0: unknown)
     * @param maxNodeGpus GPUs of its best-equipped node (-1: unknown)
     * @param idleCpus CPUs not allocated on its usable nodes
     * @param idleGpus most GPUs not allocated on one usable node (-1: no usable node known)
     */
    public record Hardware(int cpus, int maxNodeCpus, int maxNodeGpus, int idleCpus, int idleGpus) {

        private static final java.util.Set<String> USABLE_STATES = java.util.Set.of("idle", "mixed", "allocated");

        public static Hardware of(
                @Nullable String partition, List<SlurmPartition> partitions, List<SlurmNode> clusterNodes) {
            SlurmPartition sp = partitions.stream()
                    .filter(p -> p.name().equals(partition))
                    .findFirst()
                    .orElse(null);
            List<SlurmNode> nodes = partition == null
                    ? List.of()
                    : clusterNodes.stream()
                            .filter(n -> n.partitions().contains(partition))
                            .toList();
            return new Hardware(
                    sp == null ? 0 : sp.totalCpus(),
                    nodes.stream().mapToInt(SlurmNode::cpusTotal).max().orElse(0),
                    nodes.isEmpty()
                            ? -1
                            : nodes.stream()
                                    .mapToInt(SlurmNode::gpusTotal)
                                    .max()
                                    .orElse(0),
                    nodes.stream()
                            .filter(Hardware::usable)
                            .mapToInt(n -> Math.max(0, n.cpusTotal() - n.cpusAllocated()))
                            .sum(),
                    nodes.stream()
                            .filter(Hardware::usable)
                            .mapToInt(n -> Math.max(0, n.gpusTotal() - n.gpusAllocated()))
                            .max()
                            .orElse(-1));
        }

        private static boolean usable(SlurmNode n) {
            return USABLE_STATES.contains(n.state())
                    && !n.stateFlags().contains("DRAIN")
                    && !n.stateFlags().contains("NOT_RESPONDING");
        }
    }

    static List<String> quota(String team, RunResources r, @Nullable TeamQuota q, InUse held) {
        List<String> out = new ArrayList<>();
        if (q == null) {
            return out;
        }
        over(out, team, "CPUs", q.maxCpus(), held.cpus(), r.cpus());
        over(out, team, "GPUs", q.maxGpus(), held.gpus(), r.totalGpus());
        over(out, team, "jobs", q.maxJobs(), held.jobs(), 1);
        return out;
    }

    private static void over(List<String> out, String team, String what, @Nullable Integer limit, int held, int want) {
        if (limit != null && held + want > limit) {
            out.add("Team " + team + "'s quota here would be exceeded: " + held + " of " + limit + " " + what
                    + " in use, the run needs " + want + ".");
        }
    }

    /** Decides among {@code facts} (one per enabled cluster) for a run of {@code team}. */
    public static RouteDecision decide(String team, List<Facts> facts) {
        List<Scored> scored =
                facts.stream().map(f -> new Scored(f, exclusions(team, f))).toList();
        Comparator<Scored> best = Comparator.comparing((Scored s) -> !s.startsNow())
                .thenComparingInt(s -> s.f().queuedJobs())
                .thenComparing(
                        Comparator.comparingInt((Scored s) -> s.f().idleCpus()).reversed())
                .thenComparing(s -> s.f().cluster());
        List<Scored> eligible =
                scored.stream().filter(s -> s.excluded().isEmpty()).sorted(best).toList();
        List<Scored> excluded = scored.stream()
                .filter(s -> !s.excluded().isEmpty())
                .sorted(Comparator.comparing(s -> s.f().cluster()))
                .toList();
        List<ClusterVerdict> verdicts = new ArrayList<>();
        String explanation;
        String chosen = null;
        if (eligible.isEmpty()) {
            explanation = facts.isEmpty()
                    ? "No cluster is enabled."
                    : "No cluster can take this run: each one is excluded below, with the reason.";
        } else {
            Scored first = eligible.getFirst();
            chosen = first.f().cluster();
            explanation = "Chosen: " + chosen + " — "
                    + why(first.f(), eligible.size() > 1 ? eligible.get(1).f() : null) + ".";
        }
        for (Scored s : eligible) {
            boolean isChosen = s.f().cluster().equals(chosen);
            verdicts.add(
                    verdict(s.f(), true, isChosen, (isChosen ? "chosen: " : "eligible: ") + load(s.f()), List.of()));
        }
        for (Scored s : excluded) {
            verdicts.add(verdict(s.f(), false, false, "excluded: " + String.join(" ", s.excluded()), s.excluded()));
        }
        return new RouteDecision(chosen, explanation, verdicts);
    }

    private static String why(Facts a, @Nullable Facts b) {
        if (b == null) {
            return "the only eligible cluster (" + load(a) + ")";
        }
        int want = a.resources() == null ? 0 : a.resources().cpus();
        boolean aNow = a.startsNow();
        boolean bNow = b.startsNow();
        if (aNow && !bNow && !b.gpusFreeNow()) {
            int gpus = a.resources() == null ? 0 : a.resources().gpus();
            return "it has a node with enough free GPUs to start the run at once (" + a.idleGpus() + " free, " + gpus
                    + " needed; " + b.cluster() + " has at most " + b.idleGpus() + " free on one node)";
        }
        if (aNow && !bNow) {
            return "it has enough idle CPUs to start the run at once (" + a.idleCpus() + " idle, " + want + " needed; "
                    + b.cluster() + " has " + b.idleCpus() + ")";
        }
        if (a.queuedJobs() != b.queuedJobs()) {
            return "the fewest queued jobs (" + a.queuedJobs() + ", against " + b.queuedJobs() + " on " + b.cluster()
                    + ")";
        }
        if (a.idleCpus() != b.idleCpus()) {
            return "as many queued jobs as " + b.cluster() + " (" + a.queuedJobs() + ") and more idle CPUs ("
                    + a.idleCpus() + " against " + b.idleCpus() + ")";
        }
        return "tied with " + b.cluster() + " on queued jobs (" + a.queuedJobs() + ") and idle CPUs (" + a.idleCpus()
                + "); the first by name";
    }

    private static String load(Facts f) {
        return f.queuedJobs() + " job(s) queued, " + f.idleCpus() + " idle CPU(s)"
                + (f.partition() == null ? "" : " in partition " + f.partition());
    }

    private static ClusterVerdict verdict(
            Facts f, boolean eligible, boolean chosen, String summary, List<String> reasons) {
        return new ClusterVerdict(
                f.cluster(),
                eligible,
                chosen,
                summary,
                reasons,
                f.partition(),
                f.quota(),
                f.held(),
                f.queuedJobs(),
                f.idleCpus());
    }
}
