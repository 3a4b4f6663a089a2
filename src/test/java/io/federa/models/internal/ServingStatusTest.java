package io.federa.models.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.federa.kubernetes.KubernetesFeature;
import io.federa.kubernetes.MirroredResource;
import io.federa.models.ServingStatus;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServingStatusTest {

    static MirroredResource isvc(String status) {
        return new MirroredResource(
                "k1",
                KubernetesFeature.INFERENCE_SERVICES,
                "team-a",
                "iris-production",
                "uid",
                "1",
                "team-a",
                "alice",
                Map.of(),
                "{}",
                status,
                Instant.EPOCH,
                Instant.EPOCH);
    }

    @Test
    void a_failing_predictor_is_said_in_words_with_kserves_reason_and_message() {
        ServingStatus s = DeploymentService.status(isvc("""
                {"conditions": [
                  {"type": "PredictorReady", "status": "False", "reason": "RevisionMissing",
                   "message": "Revision iris-predictor-00002 failed: model file could not be downloaded"},
                  {"type": "Ready", "status": "False", "reason": "RevisionMissing"}]}"""));

        assertThat(s.found()).isTrue();
        assertThat(s.ready()).isFalse();
        assertThat(s.predictorReady()).isFalse();
        assertThat(s.url()).isNull();
        assertThat(s.problem())
                .isEqualTo("PredictorReady is false (RevisionMissing): Revision iris-predictor-00002 failed: model "
                        + "file could not be downloaded");
    }

    @Test
    void a_ready_canary_shows_its_url_and_the_traffic_split() {
        ServingStatus s = DeploymentService.status(isvc("""
                {"url": "http://iris.team-a.example.com",
                 "conditions": [{"type": "PredictorReady", "status": "True"}, {"type": "Ready", "status": "True"}],
                 "components": {"predictor": {"traffic": [
                   {"revisionName": "iris-predictor-00002", "percent": 10, "latestRevision": true},
                   {"revisionName": "iris-predictor-00001", "percent": 90}]}}}"""));

        assertThat(s.ready()).isTrue();
        assertThat(s.predictorReady()).isTrue();
        assertThat(s.problem()).isNull();
        assertThat(s.url()).isEqualTo("http://iris.team-a.example.com");
        assertThat(s.traffic()).containsExactly("iris-predictor-00002 10 % (latest)", "iris-predictor-00001 90 %");
    }
}
