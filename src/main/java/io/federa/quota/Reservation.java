package io.federa.quota;

/** Resources held for one submission until its job ends. */
public record Reservation(long id, String team, String cluster, String runRef, int cpus, int gpus) {}
