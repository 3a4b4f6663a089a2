package io.federa.support;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.json.JsonMapper;

/**
 * Access tokens from the real Keycloak, as a script gets them: client credentials of the demo
 * service accounts {@code federa-ci-team-a} and {@code federa-ci-team-b} (keycloak/realm-portal.json).
 */
public final class KeycloakTokens {

    public static final String TEAM_A = "federa-ci-team-a";
    public static final String TEAM_B = "federa-ci-team-b";

    private KeycloakTokens() {}

    /** A client-credentials token of a demo service account (its secret is {@code <client>-secret}). */
    public static String serviceAccount(String clientId) {
        return clientCredentials(clientId, clientId + "-secret");
    }

    public static String clientCredentials(String clientId, String secret) {
        RealServices.requireKeycloak();
        String form = "grant_type=client_credentials&client_id=" + enc(clientId) + "&client_secret=" + enc(secret);
        try (var http = HttpClient.newHttpClient()) {
            var response = http.send(
                    HttpRequest.newBuilder(URI.create(
                                    RealServices.KEYCLOAK_URL + "/realms/portal/protocol/openid-connect/token"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(form))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("Keycloak refused client credentials of " + clientId + ": HTTP "
                        + response.statusCode() + " " + response.body()
                        + " (is the realm current? scripts/keycloak.sh start re-imports it when it changed)");
            }
            return JsonMapper.builder()
                    .build()
                    .readTree(response.body())
                    .path("access_token")
                    .asString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
