package io.federa.notebooks;

/**
 * An admin-managed choice of what a notebook runs. For Kubernetes {@code value} is a container image
 * reference; for Slurm it is one shell line run before Jupyter starts (a {@code module load …}, a
 * {@code source …/bin/activate}), written by a portal admin only.
 *
 * @param name what people pick on the form
 */
public record NotebookImage(NotebookKind kind, String name, String value, String description) {}
