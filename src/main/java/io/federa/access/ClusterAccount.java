package io.federa.access;

/** A Slurm account on one cluster. */
public record ClusterAccount(String cluster, String account) {}
