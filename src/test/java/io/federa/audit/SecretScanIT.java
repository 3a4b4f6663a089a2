package io.federa.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.federa.support.SlurmTestClusters;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs last (its own failsafe execution, after every other integration test): no secret appears in
 * any log line the suite's portals wrote (each test class's output, redirected to
 * target/failsafe-reports), in the logs of the portals and scripts the tests started, or in any audit
 * entry, read through the JSON Lines export that {@code AuditExportListener} wrote for every test
 * context. Secrets: the clusters' JWT keys, every client secret of the realm, the portal's own
 * encryption key, and anything shaped like an access token (a JWT) or a run token.
 */
class SecretScanIT {

    static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{10,}\\.eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}");
    static final Pattern RUN_TOKEN = Pattern.compile("frt_[A-Za-z0-9_-]{40,}");

    @Test
    void no_secret_appears_in_any_log_line_audit_entry_or_export_of_the_test_suite() throws IOException {
        Map<String, String> secrets = secrets();
        List<Path> exports = files(Path.of("target/audit-exports"), ".jsonl");
        assertThat(exports)
                .as("audit exports of the suite's test contexts (run the integration tests first)")
                .isNotEmpty();
        long entries = 0;
        for (Path p : exports) {
            entries += Files.readAllLines(p).size();
        }
        assertThat(entries).as("audit entries exported").isPositive();

        List<Path> scanned = new ArrayList<>(exports);
        scanned.addAll(files(Path.of("target/failsafe-reports"), "-output.txt"));
        scanned.addAll(files(Path.of("target/surefire-reports"), "-output.txt"));
        scanned.addAll(files(Path.of("target"), ".log"));
        List<String> found = new ArrayList<>();
        for (Path file : scanned) {
            String text = Files.readString(file, StandardCharsets.UTF_8);
            secrets.forEach((what, secret) -> {
                if (text.contains(secret)) {
                    found.add(file + ": " + what);
                }
            });
            if (JWT.matcher(text).find()) {
                found.add(file + ": something shaped like an access token (JWT)");
            }
            if (RUN_TOKEN.matcher(text).find()) {
                found.add(file + ": a run token");
            }
        }
        System.out.println("secret scan: " + secrets.size() + " secrets and 2 token shapes in " + scanned.size()
                + " files (" + exports.size() + " audit exports, " + entries + " entries)");
        assertThat(found).as("secrets found").isEmpty();
    }

    static Map<String, String> secrets() throws IOException {
        Map<String, String> secrets = new LinkedHashMap<>();
        JsonNode realm = JsonMapper.builder().build().readTree(Files.readString(Path.of("keycloak/realm-portal.json")));
        for (JsonNode client : realm.path("clients")) {
            if (client.has("secret")) {
                secrets.put(
                        "client secret of " + client.path("clientId").asString(),
                        client.path("secret").asString());
            }
        }
        var slurm = SlurmTestClusters.require();
        for (String cluster : List.of("c1", "c2")) {
            secrets.put("JWT key of cluster " + cluster, slurm.keyBase64(cluster));
        }
        if (Files.exists(SlurmTestClusters.NEWER_ENV)) {
            var newer = SlurmTestClusters.requireAllGenerations();
            for (String cluster : List.of("c3", "c4")) {
                secrets.put("JWT key of cluster " + cluster, newer.keyBase64(cluster));
            }
        }
        Path portalKey = Path.of("target/federa-test/secrets.key");
        if (Files.exists(portalKey)) {
            secrets.put(
                    "the portal's encryption key", Files.readString(portalKey).trim());
        }
        return secrets;
    }

    static List<Path> files(Path dir, String suffix) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix))
                    .sorted()
                    .toList();
        }
    }
}
