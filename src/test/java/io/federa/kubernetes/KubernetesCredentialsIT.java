package io.federa.kubernetes;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.microsoft.playwright.Page;
import io.federa.shared.SecretBox;
import io.federa.shared.SystemTasks;
import io.federa.support.Browser;
import io.federa.support.BrowserExtension;
import io.federa.support.KubernetesTestClusters;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A Kubernetes cluster's credentials (client key and certificate, or a bearer token) are stored
 * encrypted and appear in no log line, no page and no API answer, while the portal uses them against
 * the real API servers (the clusters come UP, so they were decrypted and accepted).
 */
@KubernetesIT
@ExtendWith(OutputCaptureExtension.class)
class KubernetesCredentialsIT {

    @RegisterExtension
    static final BrowserExtension browser = new BrowserExtension();

    static KubernetesTestClusters k8s;

    @Autowired
    KubernetesClusters registry;

    @Autowired
    TeamKubernetesAccess access;

    @Autowired
    SecretBox box;

    @Autowired
    JdbcClient jdbc;

    @LocalServerPort
    int port;

    @BeforeAll
    static void realClusters() {
        k8s = KubernetesTestClusters.require();
    }

    /** Lines of the PEM bodies and the token: none may show up anywhere. */
    static List<String> secrets() {
        String key = k8s.clientKeyPem("k1");
        String keyLine = key.lines()
                .filter(l -> !l.startsWith("-----"))
                .skip(3)
                .findFirst()
                .orElseThrow();
        return List.of(k8s.token("k2"), keyLine);
    }

    @Test
    void credentials_are_encrypted_at_rest_and_appear_in_no_log_page_or_api_answer(CapturedOutput output) {
        String pattern = KubernetesTestClusters.uniquePattern();
        String suffix = pattern.substring(1, 7);
        String byCertificate = "kc-" + suffix;
        String byToken = "kt-" + suffix;
        SystemTasks.runAsSystem(() -> {
            registry.register(k8s.settings("k1", pattern).withName(byCertificate));
            registry.register(k8s.tokenSettings("k2", pattern).withName(byToken));
            return null;
        });
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(registry.overview())
                        .filteredOn(c -> c.name().endsWith(suffix))
                        .extracting(c -> c.health().state())
                        .containsOnly(KubernetesHealth.State.UP));

        // at rest: AES-GCM ciphertext, not the secret
        for (String cluster : List.of(byCertificate, byToken)) {
            byte[] stored = jdbc.sql("select credentials_ciphertext from kubernetes_clusters where name = :n")
                    .param("n", cluster)
                    .query(byte[].class)
                    .single();
            String raw = new String(stored, StandardCharsets.ISO_8859_1);
            secrets().forEach(s -> assertThat(raw).doesNotContain(s));
            assertThat(raw).doesNotContain("PRIVATE KEY");
            assertThat(box.decrypt(stored)).containsAnyOf(k8s.token("k2"), "PRIVATE KEY");
        }

        // the API and the admin page
        Page carol = browser.newPage();
        Browser.logIn(carol, "http://localhost:" + port, "carol");
        String api = carol.request()
                .get("http://localhost:" + port + "/api/kubernetes/clusters")
                .text();
        assertThat(api).contains(byCertificate, byToken);
        secrets().forEach(s -> assertThat(api).doesNotContain(s));
        assertThat(api).doesNotContain("PRIVATE KEY");
        carol.navigate("http://localhost:" + port + "/admin/kubernetes");
        assertThat(carol.locator("#kubernetes-registry")).containsText(byToken);
        carol.locator("#kubernetes-registry vaadin-button:has-text('Edit')")
                .first()
                .click();
        // the editor opens with empty credential fields (the hidden token field is not even sent)
        assertThat(carol.locator("#kubernetes-client-key textarea")).hasValue("");
        assertThat(carol.locator("#kubernetes-client-cert textarea")).hasValue("");
        String html = carol.content();
        secrets().forEach(s -> assertThat(html).doesNotContain(s));

        // the logs of registering, checking and editing
        secrets().forEach(s -> assertThat(output.getAll()).doesNotContain(s));
        assertThat(output.getAll()).doesNotContain("PRIVATE KEY");

        // they are second doors to k1 and k2: other tests of this context must not meet them
        SystemTasks.runAsSystem(() -> {
            registry.setEnabled(byCertificate, false);
            registry.setEnabled(byToken, false);
            return null;
        });
    }
}
