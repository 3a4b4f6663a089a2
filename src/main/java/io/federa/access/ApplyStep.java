package io.federa.access;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One change of an apply and how it ended.
 *
 * @param position 1-based, in the order it ran
 * @param error Slurm's or the portal's reason when it failed; null when it succeeded
 */
public record ApplyStep(
        int position,
        PlannedChange change,
        boolean ok,
        @Nullable String error,
        Instant doneAt) {}
