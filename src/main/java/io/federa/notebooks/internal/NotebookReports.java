package io.federa.notebooks.internal;

import org.springframework.stereotype.Component;

/**
 * The Slurm job's side: a running Jupyter job reports the node it runs on and its port, with its
 * notebook-scoped token (in the job's environment; stored as a hash). For the report endpoint.
 */
@Component
public class NotebookReports {

    /** What came of a report, for the endpoint's status code. */
    public enum Outcome {
        /** Recorded; the notebook is ready. */
        TAKEN,
        /** Wrong token, unknown notebook, not waiting for a report, or a node the job does not run on. */
        REFUSED,
        /** The portal does not see the job running yet: the job tries again. */
        NOT_YET
    }

    private final SlurmNotebooks slurm;

    NotebookReports(SlurmNotebooks slurm) {
        this.slurm = slurm;
    }

    public Outcome report(String notebookId, String token, String node, int port) {
        return slurm.report(notebookId, token, node, port);
    }
}
