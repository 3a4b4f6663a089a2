package io.federa.access;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One change the portal would make in a cluster's Slurm accounting to match what the portal says.
 *
 * @param account the Slurm account it concerns (for {@link Kind#CREATE_QOS}: the account the QOS is
 *     for)
 * @param user the Slurm user; null for account-level changes and QOS
 * @param qos the QOS list the association gets (for {@link Kind#CREATE_QOS}: the one QOS created)
 * @param defaultQos the default QOS the association gets; null when not applicable
 * @param details what exactly changes, in words
 * @param why the portal fact that asks for it, in words
 */
public record PlannedChange(
        Kind kind,
        String account,
        @Nullable String user,
        List<String> qos,
        @Nullable String defaultQos,
        String details,
        String why) {

    public PlannedChange {
        qos = List.copyOf(qos);
    }

    public enum Kind {
        CREATE_QOS("Create QOS"),
        CREATE_ACCOUNT("Create account"),
        ADD_USER("Add user to account"),
        SET_ASSOCIATION_QOS("Set association QOS"),
        REMOVE_USER("Remove user from account");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** What it changes, as a short name: "QOS q", "account a", "user u in account a". */
    public String target() {
        return switch (kind) {
            case CREATE_QOS -> "QOS " + qos.getFirst();
            case CREATE_ACCOUNT -> "account " + account;
            case ADD_USER, REMOVE_USER -> "user " + user + " in account " + account;
            case SET_ASSOCIATION_QOS -> user == null ? "account " + account : "user " + user + " in account " + account;
        };
    }

    /** A stable, complete description of the change (for the plan's fingerprint). */
    String canonical() {
        return kind + "|" + account + "|" + (user == null ? "" : user) + "|" + String.join(",", qos) + "|"
                + (defaultQos == null ? "" : defaultQos);
    }
}
