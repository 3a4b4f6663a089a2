package io.federa.clusters;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Slurm's accounting (slurmdbd) of one cluster, in domain terms and for every REST API version the
 * client speaks. Acts as the cluster's admin Slurm user, which must have {@code AdminLevel=Administrator}
 * for the writes. Writes are idempotent where Slurm allows: what exists already is not created again.
 *
 * @throws SlurmException when Slurm refuses (every method)
 * @throws ClusterUnavailableException when it cannot be reached (every method)
 */
public interface SlurmAccounting {

    List<SlurmAccount> accounts();

    List<SlurmUser> users();

    /** The associations of this cluster (accounts, and users in accounts). */
    List<SlurmAssociation> associations();

    List<SlurmQos> qos();

    /**
     * Creates the account (unless it exists) and its account association on this cluster (unless it
     * exists), under {@code parentAccount} (root when null), allowed {@code qos} with {@code defaultQos}.
     */
    void createAccount(
            String account,
            String description,
            String organization,
            @Nullable String parentAccount,
            List<String> qos,
            @Nullable String defaultQos);

    /**
     * Adds the user (creating the Slurm user if needed) to the account on this cluster, unless the
     * association exists; {@code defaultAccount} makes it the user's default account.
     */
    void addUser(String user, String account, boolean defaultAccount, List<String> qos, @Nullable String defaultQos);

    /**
     * Whether this cluster's REST API can set TRES minutes (GrpTRESMins) of a QOS: from v0.0.42 on
     * (Slurm 24.11+), not v0.0.38 (22.05). {@link #saveQos} refuses such limits where it cannot.
     */
    boolean canLimitQosTresMinutes();

    /** Creates or updates the QOS with exactly these limits: unset limits are cleared. */
    void saveQos(SlurmQos qos);

    /**
     * Sets the QOS list and default QOS of an association of this cluster ({@code user} null: the
     * account's own), keeping its limits as stored.
     */
    void setAssociationQos(String account, @Nullable String user, List<String> qos, @Nullable String defaultQos);

    /** Removes the user from the account on this cluster; nothing happens when it is not there. */
    void deleteUserAssociation(String user, String account);
}
