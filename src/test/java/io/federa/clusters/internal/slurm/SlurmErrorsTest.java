package io.federa.clusters.internal.slurm;

import static org.assertj.core.api.Assertions.assertThat;

import io.federa.clusters.SlurmError;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The {@code errors} array in the three spellings of 22.05, and what means bad credentials. */
class SlurmErrorsTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void reads_error_code_of_submit_over_quota() throws IOException {
        assertThat(SlurmErrors.read(json, sample("submit-over-quota.response.json")))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.errorNumber()).isEqualTo(2050);
                    assertThat(e.message()).startsWith("Job violates accounting/QOS policy");
                });
    }

    @Test
    void reads_error_code_of_submit_to_wrong_account() throws IOException {
        assertThat(SlurmErrors.read(json, sample("submit-wrong-account.response.json")))
                .extracting(SlurmError::errorNumber)
                .containsExactly(2045);
    }

    @Test
    void reads_error_number_source_and_description_of_forbidden_cancel() throws IOException {
        assertThat(SlurmErrors.read(json, sample("job-cancel-forbidden.response.json")))
                .containsExactly(new SlurmError(
                        2002,
                        "Access/permission denied",
                        "slurm_kill_job",
                        "unable to kill JobId=3 with signal 9: Access/permission denied"));
    }

    @Test
    void reads_errno_of_nodes() throws IOException {
        assertThat(SlurmErrors.read(json, sample("nodes-wrong-key.response.json")))
                .containsExactly(new SlurmError(-1, "Unspecified error", "", ""));
    }

    @Test
    void finds_no_errors_in_a_good_answer_nor_in_something_that_is_not_json() throws IOException {
        assertThat(SlurmErrors.read(json, sample("ping.response.json"))).isEmpty();
        assertThat(SlurmErrors.read(json, "Authentication failure".getBytes(StandardCharsets.UTF_8)))
                .isEmpty();
        assertThat(SlurmErrors.read(json, new byte[0])).isEmpty();
    }

    @Test
    void recognises_answers_to_a_token_signed_with_the_wrong_key() throws IOException {
        for (String sample : List.of(
                "ping-wrong-key.response.json",
                "nodes-wrong-key.response.json",
                "slurmdb-job-wrong-key.response.json",
                "submit-wrong-key.response.json")) {
            assertThat(SlurmErrors.meanAuthenticationFailure(SlurmErrors.read(json, sample(sample))))
                    .as(sample)
                    .isTrue();
        }
    }

    @Test
    void does_not_take_refusals_for_authentication_failures() throws IOException {
        for (String sample : List.of(
                "submit-over-quota.response.json",
                "submit-wrong-account.response.json",
                "job-cancel-forbidden.response.json",
                "job-unknown.response.json",
                "slurmdb-job-unknown.response.json")) {
            assertThat(SlurmErrors.meanAuthenticationFailure(SlurmErrors.read(json, sample(sample))))
                    .as(sample)
                    .isFalse();
        }
    }

    static byte[] sample(String name) throws IOException {
        try (InputStream in = SlurmErrorsTest.class.getResourceAsStream("/slurm/v0.0.38/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }
}
