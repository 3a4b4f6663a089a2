package io.federa.submission;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.federa.clusters.JobSubmission;
import io.federa.clusters.SlurmClient;
import org.junit.jupiter.api.Test;

/**
 * Runs, sweeps (and every later submitter) reach Slurm's submit through one path: the submission module's
 * exactly-once core (ADR 25). A second caller of {@code SlurmClient.submit} would be a second, unreconciled
 * way to send a job.
 */
class OneSubmitPathTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.federa");

    @Test
    void only_the_exactly_once_core_sends_jobs_to_slurm() {
        noClasses()
                .that()
                .resideOutsideOfPackages("io.federa.submission.internal..", "io.federa.clusters..")
                .should()
                .callMethod(SlurmClient.class, "submit", String.class, JobSubmission.class)
                .because("every submission goes through ExactlyOnce: id in the comment, lost answers looked up")
                .check(classes);
    }
}
