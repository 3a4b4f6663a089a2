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

    /**
     * Who a run is for and where it goes, as the submit checks settled it: its team, its owner (a portal
     * user name), the cluster, the Slurm user and account there, the script and the git commit (blank:
     * none).
     */
    public record Origin(
            String team,
            String owner,
            String cluster,
            String slurmUser,
            String account,
            String script,
            @Nullable String gitCommit) {}

    /**
     * A run as the portal stores it before sending it (a single run, or a sweep's trial): QUEUED, no job
     * yet; a blank git commit is none, another one is stripped.
     */
    public static Run queued(
            String id,
            Origin origin,
            RunResources resources,
            Map<String, String> params,
            Map<String, String> tags,
            Instant createdAt,
            List<String> notes) {
        String commit = origin.gitCommit();
        return new Run(
                id,
                origin.team(),
                origin.owner(),
                origin.cluster(),
                origin.slurmUser(),
                origin.account(),
                RunState.QUEUED,
                "",
                origin.script(),
                resources,
                commit == null || commit.isBlank() ? null : commit.strip(),
                params,
                tags,
                null,
                createdAt,
                null,
                null,
                notes);
    }
}
