package io.federa.clusters.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.federa.clusters.AuthMode;
import io.federa.clusters.ClusterSettings;
import io.federa.clusters.InvalidClusterSettingsException;
import java.net.URI;
import java.net.URISyntaxException;
import org.junit.jupiter.api.Timeout;

/**
 * The cluster registry's form, fuzzed (ADR 27): whatever an admin types as name, slurmrestd URL,
 * admin user, pinned version and secret is refused only with {@link InvalidClusterSettingsException},
 * and what is accepted is an http(s) address with a host and no credentials, query or fragment.
 */
// no input may take 10 s: Jazzer reports a hang as a finding (libFuzzer -timeout)
@Timeout(10)
class ClusterSettingsFuzzTest {

    @FuzzTest(maxDuration = "30s")
    void cluster_registry_settings(FuzzedDataProvider data) {
        String name = data.consumeString(70);
        String url = data.consumeString(200);
        AuthMode mode = data.pickValue(AuthMode.values());
        String admin = data.consumeString(70);
        String version = data.consumeBoolean() ? data.consumeString(12) : null;
        String secret = data.consumeRemainingAsString();
        URI uri;
        try {
            uri = new URI(url.trim()); // as the registry's page reads the field
        } catch (URISyntaxException e) {
            return; // the page refuses it with the reason
        }
        try {
            JdbcClusterRegistry.validate(new ClusterSettings(name, uri, mode, secret, admin, version), true);
        } catch (InvalidClusterSettingsException refused) {
            return;
        }
        assertThat(uri.getScheme()).isIn("http", "https");
        assertThat(uri.getHost()).isNotBlank();
        assertThat(uri.getRawUserInfo()).isNull();
        assertThat(uri.getRawQuery()).isNull();
        assertThat(uri.getRawFragment()).isNull();
        assertThat(name).matches("[a-z0-9][a-z0-9-]{0,62}");
        assertThat(admin).matches("[a-z_][a-z0-9_.-]{0,63}");
    }
}
