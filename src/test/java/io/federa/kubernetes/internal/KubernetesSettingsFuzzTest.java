package io.federa.kubernetes.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.federa.kubernetes.InvalidKubernetesSettingsException;
import io.federa.kubernetes.KubernetesClusterSettings;
import io.federa.kubernetes.KubernetesCredentials;
import java.net.URI;
import java.net.URISyntaxException;
import org.junit.jupiter.api.Timeout;

/**
 * The Kubernetes cluster registry's form, fuzzed (ADR 27): refused only with {@link
 * InvalidKubernetesSettingsException}; an accepted API server is https with a host, and the namespace
 * a team gets from an accepted pattern never leaves a URL path segment, whatever the team is called.
 */
// no input may take 10 s: Jazzer reports a hang as a finding (libFuzzer -timeout)
@Timeout(10)
class KubernetesSettingsFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void kubernetes_registry_settings(FuzzedDataProvider data) {
        String name = data.consumeString(70);
        String api = data.consumeString(200);
        String gateway = data.consumeBoolean() ? data.consumeString(200) : null;
        String pattern = data.consumeString(80);
        String team = data.consumeString(80);
        KubernetesCredentials credentials = data.consumeBoolean()
                ? new KubernetesCredentials.BearerToken(data.consumeString(100))
                : new KubernetesCredentials.ClientCertificate(data.consumeString(300), data.consumeString(300));
        String ca = data.consumeBoolean() ? data.consumeRemainingAsString() : null;
        URI apiUrl;
        URI gatewayUrl;
        try {
            apiUrl = new URI(api.trim());
            gatewayUrl = gateway == null ? null : new URI(gateway.trim());
        } catch (URISyntaxException e) {
            return;
        }
        var settings = new KubernetesClusterSettings(name, apiUrl, ca, credentials, gatewayUrl, pattern);
        try {
            JdbcKubernetesClusters.validate(settings);
        } catch (InvalidKubernetesSettingsException refused) {
            return;
        }
        assertThat(apiUrl.getScheme()).isEqualTo("https");
        assertThat(apiUrl.getHost()).isNotBlank();
        assertThat(JdbcKubernetesClusters.namespaceFor(pattern.trim(), team)).matches("[a-z0-9-]{0,63}");
    }
}
