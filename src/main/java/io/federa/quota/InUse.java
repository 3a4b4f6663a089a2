package io.federa.quota;

/** What a team's active reservations hold on one cluster right now. */
public record InUse(int cpus, int gpus, int jobs) {

    public static final InUse NOTHING = new InUse(0, 0, 0);
}
