package io.federa.deploy;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import io.federa.support.Browser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * docker-compose.yml for real: the images built by scripts/image.sh (no registry), the stack brought
 * up in podman containers by docker-compose (scripts/compose.sh), alice logging in through the
 * containerised Keycloak in Chromium, and the stack torn down without leaving containers, networks,
 * network namespaces or firewall chains behind. Needs root, podman and docker-compose (./test.sh
 * installs them); fails, never skips, without them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ComposeStackIT {

    static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path WORK = ROOT.resolve("target/compose-it");
    static final Path ENV_FILE = WORK.resolve("compose.env");
    static final String PROJECT = "federa-it";
    static final int PORTAL_PORT = 18080;
    static final int KEYCLOAK_PORT = 18180;
    static final String PORTAL = "http://localhost:" + PORTAL_PORT;
    static final String KEYCLOAK = "http://localhost:" + KEYCLOAK_PORT;
    static final String MEMORY_LIMIT = "1536m";

    static boolean down;

    @BeforeAll
    static void buildImagesAndBringTheStackUp() throws IOException {
        for (String tool : List.of("podman", "docker-compose")) {
            if (run(Duration.ofSeconds(10), "sh", "-c", "command -v " + tool).exitCode() != 0) {
                throw new IllegalStateException(tool + " is missing: ComposeStackIT needs podman and docker-compose "
                        + "(apt-get install -y podman runc netavark aardvark-dns docker-compose debootstrap; "
                        + "./test.sh installs them)");
            }
        }
        Files.createDirectories(WORK);
        Files.writeString(ENV_FILE, envFile(true));
        // a stack left over by an interrupted run would hold the ports
        script(Duration.ofMinutes(2), "scripts/compose.sh", "down", "-v");
        script(Duration.ofMinutes(30), "scripts/image.sh", "all");
        script(Duration.ofMinutes(8), "scripts/compose.sh", "up");
    }

    @AfterAll
    static void tearDownIfATestFailedBeforeIt() {
        if (!down) {
            run(Duration.ofMinutes(2), "scripts/compose.sh", "down", "-v");
        }
    }

    @Test
    @Order(1)
    void the_compose_file_validates_and_refuses_to_start_without_its_secrets() throws IOException {
        assertThat(script(Duration.ofMinutes(1), "scripts/compose.sh", "config", "--quiet")
                        .exitCode())
                .isZero();

        Path withoutSecrets = WORK.resolve("no-secrets.env");
        Files.writeString(withoutSecrets, envFile(false));
        Result refused = run(
                Duration.ofMinutes(1),
                List.of("FEDERA_COMPOSE_ENV_FILE=" + withoutSecrets),
                "scripts/compose.sh",
                "config",
                "--quiet");
        assertThat(refused.exitCode()).isNotZero();
        assertThat(refused.output()).contains("set FEDERA_SECRETS_KEY in .env");
    }

    @Test
    @Order(2)
    void alice_logs_in_through_the_containerised_keycloak_and_reaches_the_portal() {
        try (Browser browser = new Browser()) {
            Page page = browser.newPage();
            // the containerised portal (C1 only, 1.5 GB) draws its first page slowly on a loaded machine: the
            // fresh-clone run at load ~10 took more than 30 s once (alone it passes in seconds)
            Browser.logIn(page, PORTAL, Browser.keycloakLogin(KEYCLOAK), "alice", 120_000);

            assertThat(page.locator("#who-am-i")).containsText("alice");
            assertThat(page.locator("#who-am-i")).containsText("data-scientist");
            assertThat(page.locator("#my-teams [data-team='team-a']")).isVisible();
            Browser.screenshot(page, "compose-alice");
        }
    }

    @Test
    @Order(3)
    void the_portal_container_runs_unprivileged_read_only_with_a_heap_sized_by_its_memory_limit() {
        String container = podman(
                        "ps",
                        "--filter",
                        "label=com.docker.compose.project=" + PROJECT,
                        "--filter",
                        "label=com.docker.compose.service=portal",
                        "--format",
                        "{{.Names}}")
                .strip();
        assertThat(container).isNotBlank();

        assertThat(podman("exec", container, "id", "-u").strip()).isEqualTo("10001");
        assertThat(podman("inspect", "--format", "{{.HostConfig.ReadonlyRootfs}}", container)
                        .strip())
                .isEqualTo("true");
        Result write =
                run(Duration.ofSeconds(30), "scripts/compose.sh", "podman", "exec", container, "touch", "/opt/x");
        assertThat(write.exitCode()).isNotZero();
        assertThat(write.output()).contains("Read-only file system");

        // the JVM of the image's settings, in the container: 75 % of the 1536 MiB limit
        String flags = podman("exec", container, "java", "-XX:+PrintFlagsFinal", "-version");
        long maxHeap = flags.lines()
                .filter(l -> l.contains(" MaxHeapSize "))
                .map(l -> Long.parseLong(l.trim().split("\\s+")[3]))
                .findFirst()
                .orElseThrow();
        assertThat(maxHeap).isBetween(1100L << 20, 1160L << 20);
    }

    @Test
    @Order(4)
    void tearing_down_leaves_no_containers_networks_netns_or_firewall_chains() {
        script(Duration.ofMinutes(3), "scripts/compose.sh", "down", "-v");
        down = true;

        Result leftovers = run(Duration.ofMinutes(1), "scripts/compose.sh", "leftovers");
        assertThat(leftovers.output()).contains("nothing left");
        assertThat(leftovers.exitCode()).isZero();
        // checked here too, independently of the script
        assertThat(run(Duration.ofSeconds(30), "sh", "-c", "iptables-save | grep -ci netavark")
                        .output()
                        .strip())
                .isEqualTo("0");
        assertThat(Path.of("/run/netns"))
                .satisfiesAnyOf(
                        p -> assertThat(p).doesNotExist(), p -> assertThat(p).isEmptyDirectory());
        assertThat(podman("ps", "-a", "--format", "{{.Names}}")).isBlank();
        assertThat(podman("network", "ls", "--format", "{{.Name}}").strip()).isIn("", "podman");
    }

    /** A compose env file with fresh random secrets (FEDERA_SECRETS_KEY left out if not complete). */
    static String envFile(boolean complete) {
        var random = new SecureRandom();
        var lines = new ArrayList<String>();
        for (String secret : List.of(
                "POSTGRES_PASSWORD",
                "FEDERA_DB_PASSWORD",
                "KEYCLOAK_DB_PASSWORD",
                "KEYCLOAK_ADMIN_PASSWORD",
                "FEDERA_KEYCLOAK_CLIENT_SECRET",
                "FEDERA_DIRECTORY_CLIENT_SECRET")) {
            byte[] bytes = new byte[24];
            random.nextBytes(bytes);
            lines.add(secret + "=" + HexFormat.of().formatHex(bytes));
        }
        if (complete) {
            byte[] key = new byte[32];
            random.nextBytes(key);
            lines.add("FEDERA_SECRETS_KEY=" + Base64.getEncoder().encodeToString(key));
        }
        lines.add("FEDERA_PUBLIC_URL=" + PORTAL);
        lines.add("FEDERA_KEYCLOAK_PUBLIC_URL=" + KEYCLOAK);
        lines.add("FEDERA_HTTP_PORT=" + PORTAL_PORT);
        lines.add("KEYCLOAK_HTTP_PORT=" + KEYCLOAK_PORT);
        lines.add("FEDERA_MEMORY_LIMIT=" + MEMORY_LIMIT);
        // C1 only: both JVMs start much faster on a busy 2-core machine (the heap is still sized by the limit)
        lines.add("FEDERA_JAVA_OPTIONS=-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError -XX:TieredStopAtLevel=1"
                + " -Djava.io.tmpdir=/tmp -Djava.awt.headless=true");
        lines.add("KEYCLOAK_JAVA_OPTIONS=-XX:TieredStopAtLevel=1");
        return String.join("\n", lines) + "\n";
    }

    static String podman(String... args) {
        var command = new ArrayList<>(List.of("scripts/compose.sh", "podman"));
        command.addAll(List.of(args));
        return script(Duration.ofMinutes(1), command.toArray(String[]::new)).output();
    }

    record Result(int exitCode, String output) {}

    /** Runs a command that must succeed; its output is in the failure message and the log. */
    static Result script(Duration timeout, String... command) {
        Result result = run(timeout, command);
        if (result.exitCode() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed with exit code " + result.exitCode() + ":\n"
                    + tail(result.output()));
        }
        return result;
    }

    static Result run(Duration timeout, String... command) {
        return run(timeout, List.of(), command);
    }

    static Result run(Duration timeout, List<String> env, String... command) {
        try {
            Files.createDirectories(WORK);
            Path log = Files.createTempFile(WORK, "run-", ".log");
            var builder = new ProcessBuilder(command)
                    .directory(ROOT.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile());
            builder.environment().put("FEDERA_COMPOSE_ENV_FILE", ENV_FILE.toString());
            builder.environment().put("FEDERA_COMPOSE_PROJECT", PROJECT);
            for (String entry : env) {
                builder.environment()
                        .put(entry.substring(0, entry.indexOf('=')), entry.substring(entry.indexOf('=') + 1));
            }
            Process process = builder.start();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroy);
                process.destroy();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout + ":\n"
                        + tail(Files.readString(log)));
            }
            String output = Files.readString(log);
            Files.writeString(
                    WORK.resolve("commands.log"),
                    "$ " + String.join(" ", command) + "\n" + output,
                    java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            Files.delete(log);
            return new Result(process.exitValue(), output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String tail(String output) {
        var lines = output.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }
}
