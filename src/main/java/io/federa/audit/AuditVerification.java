package io.federa.audit;

import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What a walk over the chain found.
 *
 * @param checked entries whose hashes were recomputed
 * @param firstBadSeq the first entry that does not match (its hash, or its link to the previous
 *     entry), null when the chain is intact
 * @param problem what did not match, in words
 * @param anchorSeq where the kept chain starts after retention (the last purged entry), if any
 * @param headHash the hash of the newest entry (write it down elsewhere to notice a rewritten tail)
 */
public record AuditVerification(
        boolean intact,
        long checked,
        @Nullable Long firstBadSeq,
        @Nullable String problem,
        @Nullable Long anchorSeq,
        @Nullable String headHash,
        Duration took) {}
