package io.federa.models.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.federa.identity.CurrentUser;
import io.federa.identity.DirectorySync;
import io.federa.kubernetes.KubernetesIT;
import io.federa.models.ModelFormat;
import io.federa.models.ModelRegistry;
import io.federa.models.ModelVersion;
import io.federa.models.RegisteredModel;
import io.federa.shared.FederaProperties;
import io.federa.shared.Roles;
import io.federa.shared.SecretBox;
import io.federa.support.PortalPeople;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * The signed storageUri over HTTP against the running portal's {@code /model-files/} endpoint: it
 * expires, and it opens only the version it was signed for. ModelsIT's context (same annotations), so
 * no second portal starts; the signer is the real one with the portal's key, only its TTL is short.
 */
@KubernetesIT
@TestPropertySource(properties = {"federa.runs.artifacts.dir=target/federa-test/models-artifacts"})
class ArtifactUrlsIT {

    static final CurrentUser ALICE =
            CurrentUser.of("sub-alice", "alice", "alice", "", Set.of(Roles.DATA_SCIENTIST), Set.of("team-a"));

    @Autowired
    DirectorySync directory;

    @Autowired
    ModelRegistry registry;

    @Autowired
    ArtifactUrls urls;

    @Autowired
    ModelStore store;

    @Autowired
    ModelFiles files;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    SecretBox secrets;

    @Autowired
    FederaProperties federa;

    @Autowired
    Environment environment;

    @Autowired
    ModelsProperties props;

    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void teamA() {
        PortalPeople.syncDirectory(directory);
    }

    ModelVersion upload(RegisteredModel model, String content) {
        return registry.upload(
                ALICE,
                model.id(),
                "model.onnx",
                new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)),
                ModelFormat.ONNX,
                "");
    }

    HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void a_signed_url_opens_only_the_version_it_was_signed_for() throws Exception {
        RegisteredModel model = registry.create(
                ALICE, "team-a", "sig-" + UUID.randomUUID().toString().substring(0, 6), "");
        ModelVersion v1 = upload(model, "first");
        ModelVersion v2 = upload(model, "second"); // same file name: only the signature tells them apart

        String url1 = urls.sign(v1.id(), v1.artifactName());
        assertThat(get(url1).statusCode()).isEqualTo(200);
        assertThat(get(url1).body()).isEqualTo("first");
        assertThat(get(urls.sign(v2.id(), v2.artifactName())).body()).isEqualTo("second");

        String otherVersion = url1.replace(ArtifactUrls.PATH + v1.id() + "/", ArtifactUrls.PATH + v2.id() + "/");
        assertThat(otherVersion).isNotEqualTo(url1);
        HttpResponse<String> refused = get(otherVersion);
        assertThat(refused.statusCode()).isEqualTo(404);
        assertThat(refused.body()).doesNotContain("second");
    }

    @Test
    void the_same_signed_url_answers_404_once_it_has_expired() throws Exception {
        RegisteredModel model = registry.create(
                ALICE, "team-a", "ttl-" + UUID.randomUUID().toString().substring(0, 6), "");
        ModelVersion v = upload(model, "short-lived");
        var shortLived = new ArtifactUrls(
                store,
                files,
                jdbc,
                secrets,
                federa,
                environment,
                new ModelsProperties(props.dir(), Duration.ofSeconds(5), props.canaryPercent(), props.inferTimeout()),
                Clock.systemUTC());

        String url = shortLived.sign(v.id(), v.artifactName());

        assertThat(get(url).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> get(url).statusCode(), status -> status == 404);
        // the expiry is signed too: moving it ahead breaks the signature
        long expires = Long.parseLong(url.replaceFirst(".*expires=(\\d+).*", "$1"));
        String later = url.replace("expires=" + expires, "expires=" + (expires + 3600));
        assertThat(later).isNotEqualTo(url);
        assertThat(get(later).statusCode()).isEqualTo(404);
    }
}
