package io.federa.clusters.internal.slurm.v0040plus;

import io.federa.clusters.internal.slurm.SlurmdbAdapter;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * slurmdb of v0.0.40 to v0.0.45: the QOS list is {@code "qos"}, numbers are objects ("no limit" is
 * {@code {"infinite": true}}), an account and its association come in one call ({@code POST
 * accounts_association/}), a user and its association too ({@code POST users_association/}).
 * GrpTRESMins of a QOS exists from v0.0.42 ({@link Variant#qosTresMinutes()}).
 */
final class SlurmdbV0040Plus extends SlurmdbAdapter {

    private final Variant variant;

    SlurmdbV0040Plus(Variant variant) {
        super(variant.version());
        this.variant = variant;
    }

    @Override
    protected String qosKey() {
        return "qos";
    }

    @Override
    protected JsonNode count(@Nullable Integer value) {
        ObjectNode n = NODES.objectNode();
        if (value == null) {
            return n.put("set", false).put("infinite", true).put("number", 0);
        }
        return n.put("set", true).put("infinite", false).put("number", value);
    }

    @Override
    protected boolean qosTresMinutes() {
        return variant.qosTresMinutes();
    }

    @Override
    protected void accountAssociationUser(ObjectNode association) {
        association.put("user", "");
    }

    /** Without {@code with_assocs} every user's default account is "" (recorded live on 24.11 and 26.05). */
    @Override
    protected Map<String, String> usersQuery() {
        return Map.of("with_assocs", "true");
    }

    @Override
    protected String collection(String name) {
        return super.collection(name) + "/";
    }

    @Override
    public List<Write> createAccount(
            String cluster,
            String account,
            String description,
            String organization,
            String parentAccount,
            List<String> qos,
            @Nullable String defaultQos,
            boolean accountExists) {
        ObjectNode root = NODES.objectNode();
        ObjectNode condition = root.putObject("association_condition");
        condition.set("accounts", strings(List.of(account)));
        condition.set("clusters", strings(List.of(cluster)));
        ObjectNode assoc = condition.putObject("association").put("parent", parentAccount);
        qosOf(assoc, qos, defaultQos);
        root.putObject("account").put("description", description).put("organization", organization);
        return List.of(Write.of(post("/accounts_association", root)));
    }

    @Override
    public List<Write> addUser(
            String cluster,
            String user,
            String account,
            boolean defaultAccount,
            List<String> qos,
            @Nullable String defaultQos,
            boolean userExists) {
        ObjectNode root = NODES.objectNode();
        ObjectNode condition = root.putObject("association_condition");
        condition.set("users", strings(List.of(user)));
        condition.set("accounts", strings(List.of(account)));
        condition.set("clusters", strings(List.of(cluster)));
        if (!qos.isEmpty() || defaultQos != null) {
            qosOf(condition.putObject("association"), qos, defaultQos);
        }
        ObjectNode u = root.putObject("user");
        if (defaultAccount && !userExists) {
            u.put("defaultaccount", account);
        }
        List<Write> writes = new java.util.ArrayList<>(List.of(Write.of(post("/users_association", root))));
        if (defaultAccount && userExists) {
            writes.add(setDefaultAccount(user, account));
        }
        return writes;
    }

    private static void qosOf(ObjectNode association, List<String> qos, @Nullable String defaultQos) {
        if (!qos.isEmpty()) {
            association.set("qoslevel", strings(qos));
        }
        if (defaultQos != null) {
            association.put("defaultqos", defaultQos);
        }
    }
}
