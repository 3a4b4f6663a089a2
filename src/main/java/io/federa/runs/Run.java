package io.federa.runs;

import io.federa.submission.RunResources;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A run: one Slurm job submitted through the portal, with the script as submitted and everything
 * the job reported back.
 *
 * @param id the portal's run id ({@code r-} and 12 base32 characters), carried in the job's comment
 *     as {@code federa-run=<id>} and in its name
 * @param owner the portal user name of who submitted it
 * @param stateReason why it is in its state, in plain words ("" when there is nothing to say)
 * @param slurmJobId null until the cluster accepted the job (or the portal found it again)
 * @param params submitted params and params the job reported, by name
 * @param notes what the portal overrode or ignored in the script, in plain words
 */
public record Run(
        String id,
        String team,
        String owner,
        String cluster,
        String slurmUser,
        String account,
        RunState state,
        String stateReason,
        String script,
        RunResources resources,
        @Nullable String gitCommit,
        Map<String, String> params,
        Map<String, String> tags,
        @Nullable Long slurmJobId,
        Instant createdAt,
        @Nullable Instant submittedAt,
        @Nullable Instant endedAt,
        List<String> notes) {

    public Run {
        params = Map.copyOf(params);
        tags = Map.copyOf(tags);
        notes = List.copyOf(notes);
    }
}
