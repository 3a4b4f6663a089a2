package io.federa.clusters;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An association of this cluster: an account ({@code user} null) or a user in an account.
 *
 * @param cluster Slurm's name of the cluster
 * @param partition null when the association holds for every partition
 * @param parentAccount the parent of an account association; null for users and for root
 * @param qos the QOS names the association may use
 * @param defaultQos null when unset
 */
public record SlurmAssociation(
        String cluster,
        String account,
        @Nullable String user,
        @Nullable String partition,
        @Nullable String parentAccount,
        List<String> qos,
        @Nullable String defaultQos,
        SlurmLimits limits) {

    public SlurmAssociation {
        qos = List.copyOf(qos);
    }

    public boolean isAccountAssociation() {
        return user == null;
    }
}
