package io.federa;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** Rules Spring Modulith does not check. */
class ArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.federa");

    @Test
    void services_take_time_from_the_injected_clock() {
        noClasses()
                .should()
                .callMethod(java.time.Instant.class, "now")
                .orShould()
                .callMethod(java.time.LocalDateTime.class, "now")
                .because("time comes from the injected Clock so that tests can control it")
                .check(classes);
    }

    @Test
    void only_ui_packages_use_vaadin_components() {
        noClasses()
                .that()
                .resideOutsideOfPackages("..ui..", "io.federa.shell..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("com.vaadin.flow.component..")
                .check(classes);
    }
}
