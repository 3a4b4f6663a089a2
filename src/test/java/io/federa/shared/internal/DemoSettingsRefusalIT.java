package io.federa.shared.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The packaged portal ({@code target/federa.jar}, built by the package phase before the integration
 * tests) started as an operator would, without the {@code demo} profile.
 */
class DemoSettingsRefusalIT {

    private static final Path JAR = Path.of("target", "federa.jar");

    @Test
    void the_jar_without_the_demo_profile_refuses_the_demo_secret_and_names_the_setting() throws Exception {
        Result started = start("--federa.keycloak.client-secret=federa-demo-secret");

        assertThat(started.exitCode()).as(started.output()).isNotZero();
        assertThat(started.output())
                .contains("federa.keycloak.client-secret is the demo realm's secret")
                .contains("federa.directory.client-secret")
                .contains("federa.secrets.key is not set")
                .contains("--spring.profiles.active=demo");
    }

    @Test
    void the_jar_without_the_demo_profile_names_each_setting_still_missing() throws Exception {
        Result started = start(
                "--federa.keycloak.client-secret=a-site-secret",
                "--federa.directory.enabled=false",
                "--federa.secrets.key=");

        assertThat(started.exitCode()).as(started.output()).isNotZero();
        assertThat(started.output())
                .contains("federa.secrets.key is not set")
                .doesNotContain("federa.keycloak.client-secret is")
                .doesNotContain("federa.directory.client-secret is")
                .doesNotContain("a-site-secret");
    }

    private record Result(int exitCode, String output) {}

    private static Result start(String... args) throws IOException, InterruptedException {
        if (!Files.isReadable(JAR)) {
            throw new IllegalStateException(JAR + " is missing: run the integration tests through ./mvnw verify "
                    + "(the package phase builds the jar first)");
        }
        Path dataDir = Files.createTempDirectory("federa-demo-refusal");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar",
                JAR.toString(),
                "--server.port=0",
                "--federa.data-dir=" + dataDir));
        command.addAll(List.of(args));
        Path log = dataDir.resolve("portal.log");
        var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        // an operator's shell: no profile, and no FEDERA_* settings leaking in from the build
        builder.environment().keySet().removeIf(k -> k.startsWith("FEDERA_") || k.startsWith("SPRING_"));
        Process portal = builder.start();
        boolean exited = portal.waitFor(90, TimeUnit.SECONDS);
        if (!exited) {
            // it started after all: stop it the way run.sh does, so that its embedded PostgreSQL stops too
            portal.destroy();
            if (!portal.waitFor(60, TimeUnit.SECONDS)) {
                portal.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        return new Result(exited ? portal.exitValue() : 0, output);
    }
}
