package io.federa.access;

/** Team {@code team} computes under Slurm account {@code slurmAccount} on {@code cluster}. */
public record TeamAccount(String cluster, String team, String slurmAccount) {}
