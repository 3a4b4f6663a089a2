package io.federa.clusters;

/** A Slurm QOS and the limits it imposes. */
public record SlurmQos(String name, String description, SlurmLimits limits) {

    public SlurmQos {
        description = description == null ? "" : description;
        limits = limits == null ? SlurmLimits.NONE : limits;
    }
}
