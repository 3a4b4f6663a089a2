package io.federa.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.federa.identity.DirectorySync;
import io.federa.shared.SystemTasks;
import io.federa.support.KubernetesTestClusters;
import io.federa.support.PortalPeople;
import io.federa.tenancy.TeamCreated;
import io.federa.tenancy.TeamDirectory;
import io.federa.tenancy.TeamOverview;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.event.ApplicationEvents;
import org.springframework.test.context.event.RecordApplicationEvents;

/**
 * The demo's Kubernetes clusters on a fresh data directory, as {@code ./run.sh} starts them: the
 * seeder registers k1 and k2 from the env file of {@code scripts/k8s-up.sh} before any team exists
 * (the directory is synced later, here by the test, in the demo by the demo stack's seeder); the demo
 * teams get the clusters when they are created. Before this, k1 and k2 were registered for no team
 * and alice was offered no Kubernetes notebook.
 */
@KubernetesIT
@TestPropertySource(properties = "federa.demo.k8s-env=/var/tmp/federa-k8s/clusters.env")
@RecordApplicationEvents
class DemoKubernetesSeederIT {

    @Autowired
    KubernetesClusters registry;

    @Autowired
    TeamKubernetesAccess access;

    @Autowired
    TeamDirectory teams;

    @Autowired
    DirectorySync directory;

    @BeforeAll
    static void realClusters() {
        KubernetesTestClusters.require();
    }

    @Test
    void demo_teams_created_after_the_start_may_use_the_demo_kubernetes_clusters(ApplicationEvents events) {
        SystemTasks.runAsSystem(() -> {
            assertThat(registry.overview())
                    .extracting(KubernetesClusterOverview::name)
                    .contains("k1", "k2");
            assertThat(teams.allTeams()).extracting(TeamOverview::name).doesNotContain("team-a", "team-b");
            assertThat(access.teamsOn("k1")).isEmpty();
            return null;
        });

        PortalPeople.syncDirectory(directory);

        assertThat(events.stream(TeamCreated.class).map(TeamCreated::name)).contains("team-a", "team-b");
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> SystemTasks.runAsSystem(() -> {
                    assertThat(access.teamsOn("k1")).contains("team-a", "team-b");
                    assertThat(access.teamsOn("k2")).contains("team-a", "team-b");
                    return null;
                }));

        // a team is announced once, when it first appears
        long created = events.stream(TeamCreated.class).count();
        PortalPeople.syncDirectory(directory);
        assertThat(events.stream(TeamCreated.class).count())
                .as("a second sync creates no team")
                .isEqualTo(created);
    }
}
