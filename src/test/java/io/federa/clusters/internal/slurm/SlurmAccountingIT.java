package io.federa.clusters.internal.slurm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.federa.clusters.SlurmAccounting;
import io.federa.clusters.SlurmAssociation;
import io.federa.clusters.SlurmException;
import io.federa.clusters.SlurmLimits;
import io.federa.clusters.SlurmQos;
import io.federa.clusters.SlurmUser;
import io.federa.support.FederaIntegrationTest;
import io.federa.support.SlurmTestClusters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Accounting writes and reads against every Slurm generation: 22.05 (c1, REST v0.0.38), 24.11 (c3,
 * v0.0.42) and 26.05 (c4, v0.0.45), through clients of the production factory. Fails when a
 * cluster is missing.
 */
@FederaIntegrationTest
class SlurmAccountingIT {

    static SlurmTestClusters slurm;

    @Autowired
    SlurmRestClientFactory factory;

    @BeforeAll
    static void allGenerations() {
        slurm = SlurmTestClusters.requireAllGenerations();
    }

    SlurmAccounting accounting(String cluster) {
        return factory.create(slurm.connection(cluster)).accounting();
    }

    @ParameterizedTest
    @ValueSource(strings = {"c1", "c3", "c4"})
    void creates_an_account_with_its_team_qos_adds_a_user_and_updates_the_qos(String cluster) {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String account = "t-" + id;
        String qos = "q-" + id;
        String newUser = "u-" + id;
        SlurmAccounting db = accounting(cluster);
        try {
            db.saveQos(new SlurmQos(qos, "quota " + account, new SlurmLimits(1, null, null, null, null, null)));
            db.createAccount(account, "team " + id, "federa", null, List.of(qos), qos);
            db.createAccount(account, "team " + id, "federa", null, List.of(qos), qos); // idempotent
            db.addUser("alice", account, false, List.of(qos), qos);
            db.addUser("alice", account, false, List.of(qos), qos); // idempotent

            assertThat(db.accounts()).anySatisfy(a -> assertThat(a.name()).isEqualTo(account));
            assertThat(db.users()).anySatisfy(u -> assertThat(u.name()).isEqualTo("alice"));
            SlurmAssociation own = association(db, account, null).orElseThrow();
            assertThat(own.qos()).containsExactly(qos);
            assertThat(own.defaultQos()).isEqualTo(qos);
            assertThat(own.parentAccount()).isEqualTo("root");
            assertThat(own.partition()).isNull();
            assertThat(association(db, account, "alice")).isPresent();
            assertThat(qos(db, qos).limits().grpCpus()).isEqualTo(1);

            // a new Slurm user whose default account this becomes
            db.addUser(newUser, account, true, List.of(), null);
            assertThat(db.users()).anySatisfy(u -> assertThat(u).isEqualTo(new SlurmUser(newUser, "None", account)));
            assertThat(association(db, account, newUser)).isPresent();

            // the full set each time: both limits must be there afterwards
            db.saveQos(new SlurmQos(qos, "quota " + account, new SlurmLimits(2, null, 5, null, null, null)));
            SlurmQos updated = qos(db, qos);
            assertThat(updated.limits().grpCpus()).isEqualTo(2);
            assertThat(updated.limits().grpJobs()).isEqualTo(5);
            assertThat(updated.description()).isEqualTo("quota " + account);

            // unset limits are cleared
            db.saveQos(new SlurmQos(qos, "quota " + account, new SlurmLimits(null, null, 5, 7, null, null)));
            SlurmQos cleared = qos(db, qos);
            assertThat(cleared.limits().grpCpus()).isNull();
            assertThat(cleared.limits().grpJobs()).isEqualTo(5);
            assertThat(cleared.limits().maxSubmitJobs()).isEqualTo(7);

            // the user association's QOS, then removing it
            db.setAssociationQos(account, "alice", List.of(qos, "normal"), "normal");
            SlurmAssociation alice = association(db, account, "alice").orElseThrow();
            assertThat(alice.qos()).containsExactlyInAnyOrder(qos, "normal");
            assertThat(alice.defaultQos()).isEqualTo("normal");

            // the account's own association: 22.05 answers "Missing required field 'user'" and ignores
            // the update (recorded live), which the client reports instead of pretending success
            if (cluster.equals("c1")) {
                assertThatThrownBy(() -> db.setAssociationQos(account, null, List.of(qos, "normal"), qos))
                        .isInstanceOf(SlurmException.class)
                        .hasMessageContaining("did not apply");
            } else {
                db.setAssociationQos(account, null, List.of(qos, "normal"), qos);
                SlurmAssociation own2 = association(db, account, null).orElseThrow();
                assertThat(own2.qos()).containsExactlyInAnyOrder(qos, "normal");
                assertThat(own2.defaultQos()).isEqualTo(qos);
            }

            db.deleteUserAssociation("alice", account);
            db.deleteUserAssociation("alice", account); // idempotent
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(
                            () -> assertThat(association(db, account, "alice")).isEmpty());
        } finally {
            sacctmgr(cluster, "delete", "user", newUser);
            sacctmgr(cluster, "delete", "account", account);
            sacctmgr(cluster, "delete", "qos", qos);
        }
    }

    private static Optional<SlurmAssociation> association(SlurmAccounting db, String account, String user) {
        return db.associations().stream()
                .filter(a -> a.account().equals(account) && java.util.Objects.equals(a.user(), user))
                .findFirst();
    }

    private static SlurmQos qos(SlurmAccounting db, String name) {
        return db.qos().stream().filter(q -> q.name().equals(name)).findFirst().orElseThrow();
    }

    private static void sacctmgr(String cluster, String... args) {
        var command = new ArrayList<>(List.of("sacctmgr", "-i"));
        command.addAll(List.of(args));
        try {
            slurm.run(cluster, command);
        } catch (IllegalStateException e) {
            // nothing to delete
        }
    }
}
