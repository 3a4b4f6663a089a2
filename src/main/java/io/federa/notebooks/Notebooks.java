package io.federa.notebooks;

import io.federa.identity.CurrentUser;
import java.util.List;

/**
 * Starting, following, stopping and deleting notebooks. Every method checks the caller first: a
 * notebook is its owner's (a team mate gets {@link NotebookNotFoundException}, as for one that does
 * not exist); portal admins see every notebook and may stop it, but neither delete it (its volume
 * is its owner's work) nor open it unless its owner shares it.
 */
public interface Notebooks {

    /**
     * Starts a notebook for {@code request.team()}: checks the request, holds a place of the team's
     * notebook quota and asks the cluster for the server.
     *
     * @throws NotebookRefusedException when the request cannot be met (the message says why)
     * @throws io.federa.quota.QuotaExceededException when the person's or the team's notebook limit is
     *     reached (the message names it)
     * @throws io.federa.shared.NotAllowedException unless the caller is a data scientist of the team
     */
    Notebook start(CurrentUser user, NotebookRequest request);

    /** The caller's own notebooks (for portal admins: every notebook), newest first; not the deleted. */
    List<Notebook> visible(CurrentUser user);

    /** @throws NotebookNotFoundException unless the caller may see it */
    Notebook find(CurrentUser user, String id);

    /** Stops the server, keeping its volume or working directory. */
    Notebook stop(CurrentUser user, String id);

    /** Starts a stopped (or failed) notebook again, holding a quota place again. */
    Notebook startAgain(CurrentUser user, String id);

    /** Stops the server if it runs and forgets the notebook; its owner's only (not even an admin's). */
    void delete(CurrentUser user, String id);

    /** Moves the idle-cull time on: the owner answers the warning. */
    Notebook extend(CurrentUser user, String id);

    /** The owner lets portal admins open it (or not). */
    Notebook share(CurrentUser user, String id, boolean withAdmins);

    /** What the New notebook form offers the caller for {@code team}. */
    NotebookOptions options(CurrentUser user, String team);
}
