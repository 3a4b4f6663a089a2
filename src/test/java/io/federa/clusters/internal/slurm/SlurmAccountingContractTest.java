package io.federa.clusters.internal.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.federa.clusters.SlurmAccount;
import io.federa.clusters.SlurmAssociation;
import io.federa.clusters.SlurmException;
import io.federa.clusters.SlurmLimits;
import io.federa.clusters.SlurmQos;
import io.federa.clusters.SlurmUser;
import io.federa.clusters.internal.slurm.v0038.SlurmV0038Adapter;
import io.federa.clusters.internal.slurm.v0040plus.SlurmV0040PlusAdapter;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The accounting (slurmdb) requests and readings of every API version against answers recorded from
 * Slurm 22.05.8 (v0.0.38), 24.11.5 (v0.0.40–42) and 26.05.5 (v0.0.42–45).
 */
class SlurmAccountingContractTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    static List<SlurmApiAdapter> adapters() {
        var all = new ArrayList<SlurmApiAdapter>();
        all.add(new SlurmV0038Adapter());
        all.addAll(SlurmV0040PlusAdapter.all());
        return all;
    }

    static List<SlurmApiAdapter> newer() {
        return SlurmV0040PlusAdapter.all();
    }

    static SlurmdbAdapter db(String version) {
        return adapters().stream()
                .filter(a -> a.version().equals(version))
                .findFirst()
                .orElseThrow()
                .accounting();
    }

    // reads

    @Test
    void reads_v0038_accounts_users_qos_and_associations() throws Exception {
        SlurmdbAdapter db = db("v0.0.38");
        assertThat(parse(db.accounts(), "v0.0.38/slurmdb/slurmdb-accounts.response.json"))
                .contains(new SlurmAccount("team-b", "team-b", "demo"));
        assertThat(parse(db.users(), "v0.0.38/slurmdb/slurmdb-users.response.json"))
                .contains(new SlurmUser("root", "Administrator", "root"), new SlurmUser("alice", "None", "team-a"));
        assertThat(parse(db.qos(), "v0.0.38/slurmdb/slurmdb-qos.response.json"))
                .containsExactly(new SlurmQos("normal", "Normal QOS default", SlurmLimits.NONE));
        var teamX = associations(db, "v0.0.38/slurmdb/slurmdb-assoc-team-x.response.json");
        assertThat(teamX)
                .containsExactly(
                        new SlurmAssociation(
                                "c1",
                                "team-x",
                                null,
                                null,
                                "root",
                                List.of("normal"),
                                null,
                                new SlurmLimits(1, null, null, 5, null, null)),
                        new SlurmAssociation(
                                "c1",
                                "team-x",
                                "carol",
                                null,
                                null,
                                List.of("normal"),
                                null,
                                new SlurmLimits(null, null, null, 5, null, null)));
    }

    /** The same objects, recorded from one Slurm release under each of its versions, read the same. */
    @ParameterizedTest
    @ValueSource(strings = {"24.11.5:cnew:v0.0.40,v0.0.41,v0.0.42", "26.05.5:csid:v0.0.42,v0.0.43,v0.0.44,v0.0.45"})
    void associations_read_the_same_in_every_version_of_a_release(String spec) throws Exception {
        String[] parts = spec.split(":");
        String release = parts[0];
        String cluster = parts[1];
        List<SlurmAssociation> first = null;
        for (String version : parts[2].split(",")) {
            var read = associations(db(version), version + "/" + release + "/slurmdb-associations.json");
            if (first == null) {
                first = read;
            }
            assertThat(read).as(version).isEqualTo(first);
        }
        assertThat(first)
                .contains(
                        new SlurmAssociation(
                                cluster,
                                "team-a",
                                null,
                                null,
                                "root",
                                List.of("normal"),
                                null,
                                new SlurmLimits(1, null, null, null, null, null)),
                        new SlurmAssociation(
                                cluster,
                                "team-b",
                                "bob",
                                null,
                                null,
                                List.of("normal"),
                                null,
                                new SlurmLimits(null, null, null, 2, null, null)),
                        new SlurmAssociation(
                                cluster, "root", null, null, null, List.of("normal"), null, SlurmLimits.NONE));
        // and the same domain values as 22.05 for the accounts both recorded (team-a at cpu=1 there too)
        var old = associations(db("v0.0.38"), "v0.0.38/slurmdb/slurmdb-associations.response.json");
        assertThat(old.stream().map(a -> a.account() + "/" + a.user() + "/" + a.parentAccount()))
                .contains("team-a/null/root", "team-a/alice/null", "team-b/bob/null", "root/null/null");
    }

    @ParameterizedTest
    @ValueSource(strings = {"v0.0.42/24.11.5", "v0.0.45/26.05.5"})
    void reads_newer_accounts_users_and_qos_like_v0038(String where) throws Exception {
        SlurmdbAdapter db = db(where.substring(0, where.indexOf('/')));
        assertThat(parse(db.accounts(), where + "/slurmdb/db-accounts.json"))
                .isEqualTo(parse(db("v0.0.38").accounts(), "v0.0.38/slurmdb/slurmdb-accounts.response.json"));
        // recorded without with_assocs, which is why every default account there is "" (the client asks
        // with it: seen live, the default accounts are there then)
        assertThat(parse(db.users(), where + "/slurmdb/db-users.json"))
                .contains(new SlurmUser("alice", "None", null), new SlurmUser("root", "Administrator", null));
        assertThat(db.users().query()).containsEntry("with_assocs", "true");
        assertThat(db("v0.0.38").users().query()).isEmpty();
        assertThat(parse(db.qos(), where + "/slurmdb/db-qos.json"))
                .containsExactly(new SlurmQos("normal", "Normal QOS default", SlurmLimits.NONE));
        assertThat(parse(db.qos(), where + "/slurmdb/qos-get.response.json"))
                .singleElement()
                .satisfies(q -> assertThat(q.limits()).isEqualTo(new SlurmLimits(2, null, null, null, null, null)));
    }

    @Test
    void the_slurm_cluster_name_comes_from_meta_or_the_portal_name_among_several() throws Exception {
        assertThat(parse(db("v0.0.38").clusterName("c2"), "v0.0.38/slurmdb/slurmdb-clusters.response.json"))
                .isEqualTo("c2");
        assertThat(parse(db("v0.0.45").clusterName("c4v43"), "v0.0.45/26.05.5/slurmdb/db-clusters.json"))
                .isEqualTo("csid");
    }

    // writes

    @Test
    void v0038_creates_an_account_then_its_association_as_recorded() throws Exception {
        var writes = db("v0.0.38")
                .createAccount("c1", "team-q", "Team Q", "demo", "root", List.of("team-x-qos"), "team-x-qos", false);
        assertThat(writes).hasSize(2);
        assertThat(writes.get(0).call().path()).isEqualTo("/slurmdb/v0.0.38/accounts");
        assertThat(body(writes.get(0)))
                .isEqualTo(JSON.readTree("{\"accounts\":[{\"name\":\"team-q\",\"description\":\"Team Q\","
                        + "\"organization\":\"demo\"}]}"));
        assertThat(writes.get(1).call().path()).isEqualTo("/slurmdb/v0.0.38/associations");
        assertThat(body(writes.get(1))).isEqualTo(sample("v0.0.38/slurmdb/slurmdb-assoc-with-qos-create.request.json"));

        var existing = db("v0.0.38").createAccount("c1", "team-q", "Team Q", "demo", "root", List.of(), null, true);
        assertThat(existing).hasSize(1);
    }

    @Test
    void v0038_adds_a_user_then_its_association_as_recorded() throws Exception {
        var writes = db("v0.0.38").addUser("c1", "carol", "team-a", true, List.of(), null, false);
        assertThat(writes).hasSize(2);
        assertThat(body(writes.get(0))).isEqualTo(sample("v0.0.38/slurmdb/slurmdb-users-create.request.json"));
        assertThat(writes.get(1).call().path()).isEqualTo("/slurmdb/v0.0.38/associations");
        // an existing user: the association only (recorded with another account)
        var existing = db("v0.0.38").addUser("c1", "carol", "team-x", false, List.of(), null, true);
        assertThat(existing)
                .singleElement()
                .satisfies(w -> assertThat(body(w))
                        .isEqualTo(sample("v0.0.38/slurmdb/slurmdb-assoc-user-create.request.json")));
        // an existing user made default: association, then the user's default
        var madeDefault = db("v0.0.38").addUser("c1", "carol", "team-x", true, List.of(), null, true);
        assertThat(madeDefault).hasSize(2);
        assertThat(body(madeDefault.get(1)))
                .isEqualTo(JSON.readTree("{\"users\":[{\"name\":\"carol\",\"default\":{\"account\":\"team-x\"}}]}"));
    }

    @ParameterizedTest
    @MethodSource("newer")
    void newer_versions_create_an_account_with_its_association_in_one_call(SlurmApiAdapter adapter) throws Exception {
        var writes = adapter.accounting()
                .createAccount("csid", "team-x", "Team X", "demo", "root", List.of("q-x"), "q-x", false);
        assertThat(writes).singleElement().satisfies(w -> {
            assertThat(w.call().method()).isEqualTo("POST");
            assertThat(w.call().path()).isEqualTo("/slurmdb/" + adapter.version() + "/accounts_association/");
            assertThat(body(w))
                    .isEqualTo(JSON.readTree("{\"association_condition\":{\"accounts\":[\"team-x\"],"
                            + "\"clusters\":[\"csid\"],\"association\":{\"parent\":\"root\",\"qoslevel\":[\"q-x\"],"
                            + "\"defaultqos\":\"q-x\"}},\"account\":{\"description\":\"Team X\","
                            + "\"organization\":\"demo\"}}"));
        });
    }

    @ParameterizedTest
    @MethodSource("newer")
    void newer_versions_add_a_user_in_one_call_as_recorded(SlurmApiAdapter adapter) throws Exception {
        var writes = adapter.accounting().addUser("csid", "alice", "team-x32682", false, List.of(), null, true);
        assertThat(writes).singleElement().satisfies(w -> {
            assertThat(w.call().path()).isEqualTo("/slurmdb/" + adapter.version() + "/users_association/");
            assertThat(body(w)).isEqualTo(sample("v0.0.45/26.05.5/slurmdb/user-map.request.json"));
        });
        var withDefault = adapter.accounting().addUser("csid", "dave", "team-x", true, List.of("q"), "q", false);
        assertThat(body(withDefault.getFirst()))
                .isEqualTo(JSON.readTree("{\"association_condition\":{\"users\":[\"dave\"],\"accounts\":[\"team-x\"],"
                        + "\"clusters\":[\"csid\"],\"association\":{\"qoslevel\":[\"q\"],\"defaultqos\":\"q\"}},"
                        + "\"user\":{\"defaultaccount\":\"team-x\"}}"));
    }

    /** The whole limit set every time, "no limit" in each version's way, under its QOS key. */
    @ParameterizedTest
    @MethodSource("adapters")
    void saves_a_qos_with_the_full_limit_set(SlurmApiAdapter adapter) throws Exception {
        String v = adapter.version();
        var qos = new SlurmQos("team-x-qos", "quota team-x", new SlurmLimits(1, null, 5, null, null, null));
        var stored = new SlurmQos("team-x-qos", "", new SlurmLimits(4, 2, null, null, null, null));
        var write = adapter.accounting().saveQos(qos, stored);
        boolean old = v.equals("v0.0.38");
        boolean minutes = !List.of("v0.0.38", "v0.0.40", "v0.0.41").contains(v);
        String none = old ? "-1" : "{\"set\":false,\"infinite\":true,\"number\":0}";
        String five = old ? "5" : "{\"set\":true,\"infinite\":false,\"number\":5}";
        String expected = "{\"" + (old ? "QOS" : "qos") + "\":[{\"name\":\"team-x-qos\",\"description\":"
                + "\"quota team-x\",\"limits\":{\"max\":{\"tres\":{\"total\":[{\"type\":\"cpu\",\"count\":1},"
                + "{\"type\":\"gres\",\"name\":\"gpu\",\"count\":-1}]"
                + (minutes ? ",\"minutes\":{\"total\":[]}" : "") + "},\"active_jobs\":{\"count\":" + five
                + "},\"jobs\":{\"per\":{\"user\":" + none + "}}}}}]}";
        assertThat(write.call().path()).isEqualTo("/slurmdb/" + v + (old ? "/qos" : "/qos/"));
        assertThat(body(write)).isEqualTo(JSON.readTree(expected));
        // what the recorded create requests sent is part of it
        JsonNode recorded = old
                ? sample("v0.0.38/slurmdb/slurmdb-qos-create.request.json")
                : sample("v0.0.45/26.05.5/slurmdb/qos-create.request.json");
        assertThat(recorded.path(old ? "QOS" : "qos")
                        .get(0)
                        .path("limits")
                        .path("max")
                        .path("tres")
                        .path("total")
                        .get(0)
                        .path("type")
                        .asString())
                .isEqualTo("cpu");
        if (!minutes) {
            assertThatThrownBy(() -> adapter.accounting()
                            .saveQos(new SlurmQos("q", "", new SlurmLimits(null, null, null, null, 60L, null)), null))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void v0038_association_update_resends_the_stored_tres_and_omits_the_user() throws Exception {
        SlurmdbAdapter db = db("v0.0.38");
        var stored = parse(db.associations("c1", "team-x", null), "v0.0.38/slurmdb/slurmdb-assoc-team-x.response.json")
                .getFirst();
        var write = db.setAssociationQos(stored, List.of("team-x-qos"), "team-x-qos");
        assertThat(write.call().path()).isEqualTo("/slurmdb/v0.0.38/associations");
        assertThat(body(write))
                .isEqualTo(JSON.readTree("{\"associations\":[{\"cluster\":\"c1\",\"account\":\"team-x\","
                        + "\"parent_account\":\"root\",\"qos\":[\"team-x-qos\"],\"default\":{\"qos\":\"team-x-qos\"},"
                        + "\"max\":{\"tres\":{\"total\":[{\"type\":\"cpu\",\"count\":1}]}}}]}"));
        assertThat(write.tolerated().test(errors("v0.0.38/slurmdb/slurmdb-assoc-account-create.response.json")))
                .isTrue();
    }

    @ParameterizedTest
    @MethodSource("newer")
    void newer_association_update_resends_the_stored_tres_with_an_empty_user(SlurmApiAdapter adapter) throws Exception {
        SlurmdbAdapter db = adapter.accounting();
        var stored = parse(
                        db.associations("csid", "team-x32682", null),
                        "v0.0.45/26.05.5/slurmdb/assoc-after-update.response.json")
                .stream()
                .filter(s -> s.association().user() == null)
                .findFirst()
                .orElseThrow();
        var write = db.setAssociationQos(stored, List.of("q1"), null);
        assertThat(write.call().path()).isEqualTo("/slurmdb/" + adapter.version() + "/associations/");
        assertThat(body(write))
                .isEqualTo(JSON.readTree("{\"associations\":[{\"cluster\":\"csid\",\"account\":\"team-x32682\","
                        + "\"user\":\"\",\"parent_account\":\"root\",\"qos\":[\"q1\"],\"default\":{\"qos\":\"\"},"
                        + "\"max\":{\"tres\":{\"total\":[{\"type\":\"cpu\",\"count\":2}]}}}]}"));
        assertThat(write.tolerated().test(errors("v0.0.38/slurmdb/slurmdb-assoc-account-create.response.json")))
                .isFalse();
    }

    @ParameterizedTest
    @MethodSource("adapters")
    void deletes_one_user_association(SlurmApiAdapter adapter) {
        var call =
                adapter.accounting().deleteAssociation("c1", "team-x", "alice").call();
        assertThat(call.method()).isEqualTo("DELETE");
        assertThat(call.path())
                .isEqualTo("/slurmdb/" + adapter.version()
                        + (adapter.version().equals("v0.0.38") ? "/association" : "/association/"));
        assertThat(call.query())
                .containsEntry("cluster", "c1")
                .containsEntry("account", "team-x")
                .containsEntry("user", "alice");
    }

    @Test
    void only_22_05s_spurious_missing_user_error_is_ignored() throws Exception {
        var writes = db("v0.0.38").createAccount("c1", "team-x", "d", "o", "root", List.of(), null, false);
        var association = writes.get(1);
        var account = writes.get(0);
        assertThat(association.tolerated().test(errors("v0.0.38/slurmdb/slurmdb-assoc-account-create.response.json")))
                .isTrue();
        assertThat(association
                        .tolerated()
                        .test(errors("v0.0.38/slurmdb/slurmdb-accounts-create-nonadmin.response.json")))
                .isFalse();
        var both = new ArrayList<>(errors("v0.0.38/slurmdb/slurmdb-assoc-account-create.response.json"));
        both.addAll(errors("v0.0.38/slurmdb/slurmdb-accounts-create-nonadmin.response.json"));
        assertThat(association.tolerated().test(both)).isFalse();
        assertThat(account.tolerated().test(errors("v0.0.38/slurmdb/slurmdb-assoc-account-create.response.json")))
                .isFalse();
        assertThat(SlurmErrors.read(JSON, resource("v0.0.38/slurmdb/slurmdb-accounts-create-nonadmin.response.json")))
                .anySatisfy(e -> assertThat(e.errorNumber()).isEqualTo(SlurmException.PERMISSION_DENIED));
    }

    // helpers

    static List<SlurmAssociation> associations(SlurmdbAdapter db, String resource) throws Exception {
        return parse(db.associations("any", null, null), resource).stream()
                .map(SlurmdbAdapter.Stored::association)
                .toList();
    }

    static <T> T parse(SlurmCall<T> call, String resource) throws Exception {
        return call.parser().parse(resource(resource));
    }

    static List<io.federa.clusters.SlurmError> errors(String resource) throws IOException {
        return SlurmErrors.read(JSON, resource(resource));
    }

    static JsonNode body(SlurmdbAdapter.Write write) {
        return JSON.readTree(Objects.requireNonNull(write.call().body()));
    }

    static JsonNode sample(String resource) throws IOException {
        return JSON.readTree(resource(resource));
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = SlurmAccountingContractTest.class.getResourceAsStream("/slurm/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }
}
