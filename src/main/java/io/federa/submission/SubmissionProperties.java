package io.federa.submission;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * How scripts are checked and sent (the same for runs, sweeps and every later submitter).
 *
 * @param maxScriptSize scripts above this are refused before anything reaches Slurm
 * @param workingDirectory where a job starts (and writes its output) unless the script says {@code
 *     --chdir}; it must exist on the cluster's nodes
 * @param lostAfter how long after a submit whose answer was lost the portal keeps looking for the job
 *     before it gives the submission up as LOST (the cluster must have answered in between)
 * @param reconcileInterval how often submissions without a job are looked for and open ones follow the
 *     mirror (a safety net: every poll that changes the mirror triggers the same pass)
 */
@ConfigurationProperties("federa.submission")
public record SubmissionProperties(
        @DefaultValue("64KB") DataSize maxScriptSize,
        @DefaultValue("/tmp") String workingDirectory,
        @DefaultValue("2m") Duration lostAfter,
        @DefaultValue("5s") Duration reconcileInterval) {

    /** {@link #maxScriptSize} in bytes, as the planner and the forms take it. */
    public long maxScriptBytes() {
        return maxScriptSize.toBytes();
    }
}
