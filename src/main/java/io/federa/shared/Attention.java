package io.federa.shared;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Something a portal admin should act on, shown on their landing page: a cluster down, drift between
 * the portal and Slurm, a quota that did not reach Slurm, a run that was lost. Each names the page
 * where it is fixed. Contributed by the module that knows it, through {@link AttentionSource}.
 *
 * @param kind a stable token for what it is ({@code cluster-down}, {@code drift}, ...)
 * @param subject what it concerns (a cluster, {@code team@cluster}, a run id)
 * @param what what is wrong, in plain words
 * @param fixRoute the portal route (no leading slash) of the page where it is fixed
 * @param fixLabel the words of the link to that page
 * @param since when it was seen or happened; null if not known
 */
public record Attention(
        String kind,
        String subject,
        String what,
        String fixRoute,
        String fixLabel,
        @Nullable Instant since) {}
