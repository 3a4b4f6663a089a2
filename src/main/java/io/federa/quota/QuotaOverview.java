package io.federa.quota;

/** A team's quota on one cluster with what is in use now and how it stands in Slurm. */
public record QuotaOverview(TeamQuota quota, InUse inUse, QosPushStatus push) {}
