package io.federa.quota;

/** What a team's open reservations hold on one cluster right now. */
public record QuotaUsage(int cpus, int gpus, int jobs) {

    public static final QuotaUsage NONE = new QuotaUsage(0, 0, 0);
}
