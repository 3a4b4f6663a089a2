package io.federa.clusters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.federa.shared.SystemTasks;
import io.federa.support.FederaIntegrationTest;
import io.federa.support.SlurmTestClusters;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Changing registered clusters: where their secrets may be sent, and what a URL may carry. */
@FederaIntegrationTest
class ClusterRegistryIT {

    static SlurmTestClusters slurm;

    @Autowired
    ClusterRegistry registry;

    @BeforeAll
    static void realClusters() {
        slurm = SlurmTestClusters.require();
    }

    @Test
    void moving_a_cluster_to_another_host_port_or_scheme_needs_its_secret_again() {
        String name = "moving-" + System.nanoTime() % 100_000;
        URI c1 = slurm.url("c1");
        String key = slurm.keyBase64("c1");
        asAdmin(() -> registry.register(new ClusterSettings(name, c1, AuthMode.JWT_KEY, key, "federa", null)));
        try {
            List<URI> elsewhere = List.of(
                    URI.create("http://slurm.elsewhere.example:" + c1.getPort()),
                    URI.create("http://" + c1.getHost() + ":" + (c1.getPort() + 1)),
                    URI.create("https://" + c1.getHost() + ":" + c1.getPort()));
            for (URI other : elsewhere) {
                assertThatThrownBy(() -> asAdmin(() -> registry.update(
                                new ClusterSettings(name, other, AuthMode.JWT_KEY, null, "federa", null))))
                        .as(other.toString())
                        .isInstanceOf(InvalidClusterSettingsException.class)
                        .hasMessageContaining("moves from " + c1.getHost() + ":" + c1.getPort())
                        .hasMessageContaining("enter the cluster's JWT signing key (base64) again");
                assertThat(url(name)).isEqualTo(c1);
            }
            // the same host and port: the stored key stays
            URI samePlace = URI.create(c1 + "/");
            asAdmin(() -> registry.update(new ClusterSettings(name, samePlace, AuthMode.JWT_KEY, null, "root", null)));
            assertThat(url(name)).isEqualTo(samePlace);
            // with the secret entered again it moves
            URI moved = elsewhere.get(1);
            asAdmin(() -> registry.update(new ClusterSettings(name, moved, AuthMode.JWT_KEY, key, "federa", null)));
            assertThat(url(name)).isEqualTo(moved);
        } finally {
            asAdmin(() -> registry.setEnabled(name, false));
        }
    }

    @Test
    void a_slurmrestd_url_carrying_credentials_is_refused_and_never_stored_or_logged() {
        String prefix = "creds-" + System.nanoTime() % 100_000;
        String host = slurm.url("c1").getHost() + ":" + slurm.url("c1").getPort();
        List<String> urls = List.of(
                "http://federa:s3cret@" + host, "http://" + host + "/?token=s3cret", "http://" + host + "/#s3cret");
        for (int i = 0; i < urls.size(); i++) {
            var settings = new ClusterSettings(
                    prefix + i, URI.create(urls.get(i)), AuthMode.JWT_KEY, slurm.keyBase64("c1"), "federa", null);
            assertThatThrownBy(() -> asAdmin(() -> registry.register(settings)))
                    .as(urls.get(i))
                    .isInstanceOf(InvalidClusterSettingsException.class)
                    .hasMessageContaining("must not carry a user name, password, query or fragment")
                    .hasMessageNotContaining("s3cret");
        }
        assertThat(registry.overview()).noneMatch(c -> c.name().startsWith(prefix));
    }

    private URI url(String cluster) {
        return registry.overview().stream()
                .filter(c -> c.name().equals(cluster))
                .findFirst()
                .orElseThrow()
                .restUrl();
    }

    private static void asAdmin(Runnable change) {
        SystemTasks.runAsSystem(() -> {
            change.run();
            return null;
        });
    }
}
