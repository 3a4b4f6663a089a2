package io.federa.notebooks;

/** Where a notebook runs. */
public enum NotebookKind {
    /** A Kubeflow {@code Notebook} in the team's Profile namespace. */
    KUBERNETES,
    /** Jupyter as a Slurm batch job, as the person's Slurm user under the team's account. */
    SLURM;

    public String label() {
        return this == KUBERNETES ? "Kubernetes" : "Slurm";
    }
}
