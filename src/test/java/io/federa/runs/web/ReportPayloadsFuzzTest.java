package io.federa.runs.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.federa.runs.internal.ReportRefusedException;
import io.federa.runs.internal.RunReporting;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a job posts back (metrics, log lines, params and tags), fuzzed as the endpoints read their
 * bodies (ADR 27): the only failure is {@link ReportRefusedException} (400 or 413), the per-request
 * bounds hold, and log lines never carry a line break into the store.
 */
// no input may take 10 s: Jazzer reports a hang as a finding (libFuzzer -timeout)
@Timeout(10)
class ReportPayloadsFuzzTest {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final ObjectReader POINT =
            JSON.readerFor(RunReporting.MetricInput.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @FuzzTest(maxDuration = "30s")
    void metric_payloads(FuzzedDataProvider data) {
        int max = data.consumeInt(1, 50);
        byte[] body = data.consumeRemainingAsBytes();
        try {
            List<RunReporting.MetricInput> points = RunReportsApi.metricPoints(JSON, POINT, body, max);
            assertThat(points).hasSizeLessThanOrEqualTo(max);
        } catch (ReportRefusedException refused) {
            assertThat(refused.kind()).isIn(ReportRefusedException.Kind.INVALID, ReportRefusedException.Kind.TOO_LARGE);
        }
    }

    @FuzzTest(maxDuration = "30s")
    void log_and_param_payloads(FuzzedDataProvider data) {
        int max = data.consumeInt(1, 50);
        boolean json = data.consumeBoolean();
        byte[] body = data.consumeRemainingAsBytes();
        try {
            if (json) {
                RunReportsApi.parse(JSON, body, RunReportsApi.LINES, "lines");
                RunReportsApi.parse(JSON, body, RunReportsApi.FIELDS, "fields");
                return;
            }
            List<String> lines = ReportBodies.lines(new String(body, StandardCharsets.UTF_8), max);
            assertThat(lines).hasSizeLessThanOrEqualTo(max);
            lines.forEach(l -> assertThat(l).doesNotContain("\n"));
        } catch (ReportRefusedException refused) {
            // the documented refusal: 400 or 413 with words for the job's author
        }
    }
}
