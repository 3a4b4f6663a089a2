package io.federa;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The "may use" column of ARCHITECTURE.md's module table, checked class by class (Spring Modulith's
 * {@code verify()} checks cycles and internals, but not which module may use which). One allowance,
 * ADR 15: a module that may use {@code tenancy} may name {@code identity.CurrentUser} as a value,
 * because tenancy's API takes one; it may not use identity's services.
 */
class ModuleTableTest {

    static final Map<String, Set<String>> MAY_USE = Map.ofEntries(
            Map.entry("shared", Set.of()),
            Map.entry("identity", Set.of("shared")),
            Map.entry("tenancy", Set.of("identity", "shared")),
            Map.entry("clusters", Set.of("shared")),
            Map.entry("access", Set.of("clusters", "tenancy", "identity", "shared")),
            Map.entry("quota", Set.of("tenancy", "clusters", "kubernetes", "shared")),
            Map.entry("jobs", Set.of("clusters", "access", "quota", "tenancy", "identity", "shell", "shared")),
            Map.entry("kubernetes", Set.of("tenancy", "shared")),
            Map.entry("notebooks", Set.of("kubernetes", "jobs", "quota", "tenancy", "identity", "shared")),
            Map.entry("models", Set.of("kubernetes", "jobs", "tenancy", "identity", "shared")),
            Map.entry("audit", Set.of("shared")),
            Map.entry("shell", Set.of("identity", "shared")),
            // ADR 21: the demo stack of run.sh; nothing uses it. jobs: its GPU run template (ADR 26)
            Map.entry("demo", Set.of("clusters", "access", "quota", "jobs", "tenancy", "identity", "shared")));

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.federa");

    static Set<String> modules() {
        return new TreeSet<>(MAY_USE.keySet());
    }

    @ParameterizedTest
    @MethodSource("modules")
    void a_module_uses_only_what_the_architecture_allows(String module) {
        Set<String> allowed = MAY_USE.get(module);
        noClasses()
                .that()
                .resideInAPackage("io.federa." + module + "..")
                .should()
                .dependOnClassesThat(forbiddenFor(module, allowed))
                .because("ARCHITECTURE.md: " + module + " may use " + (allowed.isEmpty() ? "nothing" : allowed))
                .allowEmptyShould(true)
                .check(CLASSES);
    }

    private static DescribedPredicate<JavaClass> forbiddenFor(String module, Set<String> allowed) {
        return DescribedPredicate.describe("classes of modules " + module + " may not use", type -> {
            String name = type.getPackageName();
            if (!name.startsWith("io.federa.")) {
                return false;
            }
            String target = name.substring("io.federa.".length()).split("\\.")[0];
            if (target.equals(module) || allowed.contains(target) || !MAY_USE.containsKey(target)) {
                return false;
            }
            boolean currentUserThroughTenancy = target.equals("identity")
                    && allowed.contains("tenancy")
                    && type.getName().equals("io.federa.identity.CurrentUser");
            return !currentUserThroughTenancy;
        });
    }
}
