package io.federa;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The "may use" column of the module table in {@code docs/architecture.md}, read from that file and checked
 * class by class (Spring Modulith's {@code verify()} checks cycles and internals, but not which module may
 * use which). One allowance, ADR 15: a module that may use {@code tenancy} may name {@code
 * identity.CurrentUser} as a value, because tenancy's API takes one; it may not use identity's services.
 */
class ModuleTableTest {

    static final Path ARCHITECTURE = Path.of("docs/architecture.md");

    static final Map<String, Set<String>> MAY_USE = readTable(ARCHITECTURE);

    /** The rows of the table whose header is "| module | owns | may use |": module → the modules it may use. */
    static Map<String, Set<String>> readTable(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Set<String>> table = new LinkedHashMap<>();
        boolean inTable = false;
        for (String line : lines) {
            if (line.replace(" ", "").equals("|module|owns|mayuse|")) {
                inTable = true;
                continue;
            }
            if (!inTable || line.startsWith("|---")) {
                continue;
            }
            if (!line.startsWith("|")) {
                break;
            }
            String[] cells = line.split("\\|");
            String module = cells[1].strip().replace("`", "");
            String mayUse = cells[cells.length - 1].strip();
            Set<String> allowed = new TreeSet<>();
            if (!mayUse.equals("—") && !mayUse.equals("-")) {
                for (String m : mayUse.split(",")) {
                    allowed.add(m.strip().replace("`", ""));
                }
            }
            table.put(module, allowed);
        }
        assertThat(table).as("the module table in " + file).isNotEmpty();
        return table;
    }

    static Set<String> modules() {
        return new TreeSet<>(MAY_USE.keySet());
    }

    @Test
    void every_module_of_the_code_has_a_row_and_every_row_names_only_modules_of_the_table() {
        Set<String> inCode = new TreeSet<>();
        CLASSES.stream()
                .map(JavaClass::getPackageName)
                .filter(p -> p.startsWith("io.federa."))
                .map(p -> p.substring("io.federa.".length()).split("\\.")[0])
                .forEach(inCode::add);
        assertThat(MAY_USE.keySet()).as("modules in " + ARCHITECTURE).containsAll(inCode);
        MAY_USE.forEach((module, allowed) -> assertThat(MAY_USE.keySet())
                .as(module + "'s may-use names modules of the table")
                .containsAll(allowed));
    }

    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.federa");

    @ParameterizedTest
    @MethodSource("modules")
    void a_module_uses_only_what_the_architecture_allows(String module) {
        Set<String> allowed = MAY_USE.get(module);
        noClasses()
                .that()
                .resideInAPackage("io.federa." + module + "..")
                .should()
                .dependOnClassesThat(forbiddenFor(module, allowed))
                .because("docs/architecture.md: " + module + " may use " + (allowed.isEmpty() ? "nothing" : allowed))
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
