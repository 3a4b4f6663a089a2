package io.federa.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.federa.clusters.ClusterRegistry;
import io.federa.shared.Roles;
import io.federa.shared.SystemTasks;
import io.federa.support.FederaIntegrationTest;
import io.federa.support.Federation;
import io.federa.support.SlurmTestClusters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.security.test.context.support.WithMockUser;

/** Person → Slurm user mapping, checked against the real cluster's Slurm accounting. */
@FederaIntegrationTest
class PersonSlurmUsersIT {

    static SlurmTestClusters slurm;

    @Autowired
    PersonSlurmUsers users;

    @Autowired
    ClusterRegistry registry;

    @Autowired
    TeamAccounts accounts;

    @BeforeAll
    static void clusters() {
        slurm = SlurmTestClusters.require();
    }

    @BeforeEach
    void federate() {
        Federation.registerLocalClusters(registry, accounts, slurm);
    }

    @Test
    void a_person_is_mapped_to_a_slurm_user_the_cluster_knows() {
        SystemTasks.runAsSystem(() -> {
            users.map("c1", "alice", "alice");
            return null;
        });
        assertThat(users.slurmUserOf("c1", "alice")).contains("alice");
        assertThat(users.slurmUserOf("c2", "alice")).isEmpty();
    }

    @Test
    void mapping_to_a_slurm_user_the_cluster_does_not_know_is_refused_with_the_reason() {
        assertThatThrownBy(() -> SystemTasks.runAsSystem(() -> {
                    users.map("c1", "bob", "nosuchuser");
                    return null;
                }))
                .isInstanceOf(MappingRefusedException.class)
                .hasMessageContaining("Cluster c1 has no Slurm user \"nosuchuser\"")
                .hasMessageContaining("sacctmgr add user");
        assertThat(users.slurmUserOf("c1", "bob")).isEmpty();
    }

    @Test
    @WithMockUser(roles = Roles.DATA_SCIENTIST)
    void only_portal_admins_map_people() {
        assertThatThrownBy(() -> users.map("c1", "bob", "bob")).isInstanceOf(AuthorizationDeniedException.class);
    }
}
