package io.federa.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Checks that the real services an integration test needs are there, and fails the test with the
 * command that starts them if not. Tests never skip for a missing service: CI would report "0
 * tests" and call it green.
 */
public final class RealServices {

    public static final String KEYCLOAK_URL = System.getProperty("federa.keycloak.url", "http://127.0.0.1:8180");
    public static final Path CHROMIUM = Path.of(System.getProperty("federa.chromium", "/usr/bin/chromium"));

    private RealServices() {}

    public static void requireKeycloak() {
        String discovery = KEYCLOAK_URL + "/realms/portal/.well-known/openid-configuration";
        try (var http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build()) {
            var response = http.send(
                    HttpRequest.newBuilder(URI.create(discovery))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(
                        "Keycloak answered " + response.statusCode() + " for " + discovery
                                + ": is the realm 'portal' imported? Run scripts/keycloak.sh reset && scripts/keycloak.sh start");
            }
        } catch (java.io.IOException e) {
            throw new IllegalStateException(
                    "Keycloak is not reachable at " + KEYCLOAK_URL + " (" + e + "). "
                            + "Integration tests need the real Keycloak: run ./test.sh, or scripts/keycloak.sh start",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static void requireChromium() {
        if (!Files.isExecutable(CHROMIUM)) {
            throw new IllegalStateException(
                    CHROMIUM
                            + " is missing: browser tests need Debian's chromium (apt-get install -y chromium); ./test.sh installs it");
        }
    }
}
