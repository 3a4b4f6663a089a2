package io.federa.clusters;

/** A Slurm account as slurmdbd knows it (accounts are shared by the clusters of one slurmdbd). */
public record SlurmAccount(String name, String description, String organization) {}
