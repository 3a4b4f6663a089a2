package io.federa.clusters.internal.slurm.v0038;

import io.federa.clusters.SlurmError;
import io.federa.clusters.internal.slurm.SlurmdbAdapter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * slurmdb of v0.0.38 (Slurm 22.05): the QOS list is {@code "QOS"}, "no limit" is -1, an account is
 * created with {@code POST accounts} then {@code POST associations}, a user with {@code POST users}
 * then {@code POST associations}. 22.05 answers every write of an account association (no {@code
 * user}) with the error "Missing required field 'user'" although it did the write: that error alone
 * is ignored there (and the client reads the association back after creating it).
 */
final class SlurmdbV0038 extends SlurmdbAdapter {

    static final String MISSING_USER = "Missing required field 'user'";

    /** 22.05's spurious error: only that one, without an error number. */
    static final Predicate<List<SlurmError>> SPURIOUS_MISSING_USER = errors -> !errors.isEmpty()
            && errors.stream().allMatch(e -> e.errorNumber() == 0 && MISSING_USER.equals(e.description()));

    SlurmdbV0038() {
        super(SlurmV0038Adapter.VERSION);
    }

    @Override
    protected String qosKey() {
        return "QOS";
    }

    @Override
    protected JsonNode count(@Nullable Integer value) {
        return NODES.numberNode(value == null ? -1 : value);
    }

    @Override
    protected boolean qosTresMinutes() {
        return false;
    }

    @Override
    protected void accountAssociationUser(ObjectNode association) {
        // omitted: 22.05 then answers the spurious error, but "user": "" would make a user association
    }

    @Override
    protected Predicate<List<SlurmError>> toleratedOnAccountAssociation() {
        return SPURIOUS_MISSING_USER;
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
        var writes = new ArrayList<Write>();
        if (!accountExists) {
            ObjectNode a = NODES.objectNode()
                    .put("name", account)
                    .put("description", description)
                    .put("organization", organization);
            writes.add(Write.of(post("/accounts", wrap("accounts", a))));
        }
        ObjectNode assoc = NODES.objectNode()
                .put("cluster", cluster)
                .put("account", account)
                .put("parent_account", parentAccount);
        qosOf(assoc, qos, defaultQos);
        writes.add(new Write(post("/associations", wrap("associations", assoc)), SPURIOUS_MISSING_USER));
        return writes;
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
        var writes = new ArrayList<Write>();
        if (!userExists) {
            ObjectNode u = NODES.objectNode().put("name", user);
            u.putObject("default").put("account", account);
            writes.add(Write.of(post("/users", wrap("users", u))));
        }
        ObjectNode assoc = NODES.objectNode()
                .put("cluster", cluster)
                .put("account", account)
                .put("user", user);
        qosOf(assoc, qos, defaultQos);
        writes.add(Write.of(post("/associations", wrap("associations", assoc))));
        if (userExists && defaultAccount) {
            writes.add(setDefaultAccount(user, account));
        }
        return writes;
    }

    private static void qosOf(ObjectNode association, List<String> qos, @Nullable String defaultQos) {
        if (!qos.isEmpty()) {
            association.set("qos", strings(qos));
        }
        if (defaultQos != null) {
            association.putObject("default").put("qos", defaultQos);
        }
    }
}
