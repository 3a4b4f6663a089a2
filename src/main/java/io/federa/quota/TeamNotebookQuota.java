package io.federa.quota;

import org.jspecify.annotations.Nullable;

/**
 * A team's notebook limits as they apply, and what its sessions hold now.
 *
 * @param ownSetting the team's own setting; null when the portal default applies
 */
public record TeamNotebookQuota(
        String team, NotebookLimits effective, @Nullable NotebookLimits ownSetting, int open) {}
