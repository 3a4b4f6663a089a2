package io.federa.kubernetes;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** ADR 22: fabric8 stays inside the kubernetes module's internals; its API speaks the portal's types. */
class KubernetesBoundaryTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.federa");

    @Test
    void only_the_kubernetes_internals_use_fabric8() {
        noClasses()
                .that()
                .resideOutsideOfPackage("io.federa.kubernetes.internal..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.fabric8..")
                .because("no fabric8 type may leak out of the kubernetes module (ADR 22)")
                .check(classes);
    }
}
