package io.federa.notebooks.internal;

import io.federa.notebooks.Notebook;
import io.federa.notebooks.NotebookKind;
import org.jspecify.annotations.Nullable;

/** One kind's way of running a notebook's server. Called outside any transaction. */
interface NotebookServer {

    NotebookKind serves();

    /**
     * Asks the cluster for the server of a REQUESTED notebook (first start, or start again). A refusal
     * moves it to FAILED with the reason; a cluster that gives no answer leaves it REQUESTED with the
     * reason, and {@link #follow} asks again.
     *
     * @param reportToken the job's token for reporting where Jupyter listens (Slurm), else null
     */
    void launch(Notebook n, String jupyterToken, @Nullable String reportToken);

    /** Stops the server of a STOPPING notebook, keeping its volume or working directory. */
    void stop(Notebook n);

    /** The notebook is being deleted: removes what the cluster holds of it. */
    void remove(Notebook n);

    /** Takes the cluster's state of every running notebook of this kind (the mirror's). */
    void follow();
}
