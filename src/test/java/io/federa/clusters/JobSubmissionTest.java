package io.federa.clusters;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class JobSubmissionTest {

    @Test
    void to_string_names_the_environment_variables_but_never_shows_their_values() {
        var job = new JobSubmission(
                "#!/bin/bash\necho hi",
                "train.r-1",
                "team-a",
                "debug",
                1,
                2,
                10,
                "/tmp",
                null,
                "federa-run=r-1",
                Map.of("FEDERA_TOKEN", "run-token-s3cret", "FEDERA_URL", "http://portal.example:8080"));

        String text = job.toString();

        assertThat(text).doesNotContain("run-token-s3cret").doesNotContain("portal.example");
        assertThat(text).contains("FEDERA_TOKEN=***").contains("FEDERA_URL=***");
        assertThat(text).contains("account=team-a").contains("comment=federa-run=r-1");
        assertThat(job.environment()).containsEntry("FEDERA_TOKEN", "run-token-s3cret");
    }
}
