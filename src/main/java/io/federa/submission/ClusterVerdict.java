package io.federa.submission;

import io.federa.quota.InUse;
import io.federa.quota.TeamQuota;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One cluster as the router saw it for one request.
 *
 * @param reasons why it is excluded, one plain sentence each; empty when eligible
 * @param summary one line for people: "chosen: …", "eligible: …" or "excluded: …"
 * @param partition the partition the run would use there (null when it cannot be told)
 * @param quota the team's limits there (null: none set)
 * @param held what the team's open portal work holds there
 * @param queuedJobs pending jobs in the cluster's mirror (all users)
 * @param idleCpus CPUs not allocated on the partition's usable nodes, as the registry last saw them
 */
public record ClusterVerdict(
        String cluster,
        boolean eligible,
        boolean chosen,
        String summary,
        List<String> reasons,
        @Nullable String partition,
        @Nullable TeamQuota quota,
        InUse held,
        int queuedJobs,
        int idleCpus) {

    public ClusterVerdict {
        reasons = List.copyOf(reasons);
    }
}
