package io.federa;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/** The module boundaries of docs/architecture.md hold; writes the module documentation to target/. */
class ModularityTests {

    private final ApplicationModules modules = ApplicationModules.of(FederaApplication.class);

    @Test
    void module_dependencies_follow_the_architecture() {
        modules.verify();
    }

    @Test
    void writes_module_documentation() {
        new Documenter(modules).writeModulesAsPlantUml().writeIndividualModulesAsPlantUml();
    }
}
