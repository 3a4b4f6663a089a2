package io.federa.identity.internal;

import io.federa.identity.DirectorySnapshot;
import io.federa.shared.UserFacingException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads people and groups from Keycloak's admin REST API with the read-only service account
 * (client credentials). Plain HTTP: the admin client library would add ~40 dependencies.
 */
@Component
class KeycloakDirectory {

    private static final int PAGE = 500;

    private final KeycloakProperties keycloak;
    private final DirectoryProperties directory;
    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    KeycloakDirectory(KeycloakProperties keycloak, DirectoryProperties directory) {
        this.keycloak = keycloak;
        this.directory = directory;
    }

    DirectorySnapshot read() {
        String token = token();
        String admin = keycloak.backchannelBase() + "/admin/realms/" + keycloak.realm();
        List<DirectorySnapshot.Person> people = new ArrayList<>();
        for (JsonNode u : paged(token, admin + "/users?briefRepresentation=true")) {
            String username = u.path("username").asString();
            if (username.startsWith("service-account-")) {
                continue;
            }
            String name =
                    (u.path("firstName").asString("") + " " + u.path("lastName").asString("")).trim();
            people.add(new DirectorySnapshot.Person(
                    username,
                    name.isEmpty() ? username : name,
                    u.path("email").asString(""),
                    u.path("id").asString()));
        }
        List<DirectorySnapshot.Group> groups = new ArrayList<>();
        for (JsonNode g : get(token, admin + "/groups?briefRepresentation=false&max=" + PAGE)) {
            Set<String> members = new LinkedHashSet<>();
            for (JsonNode m : paged(
                    token,
                    admin + "/groups/" + encode(g.path("id").asString()) + "/members?briefRepresentation=true")) {
                members.add(m.path("username").asString());
            }
            Set<String> admins = new LinkedHashSet<>();
            g.path("attributes").path("team-admins").forEach(a -> admins.add(a.asString()));
            groups.add(new DirectorySnapshot.Group(g.path("name").asString(), members, admins));
        }
        return new DirectorySnapshot(people, groups);
    }

    private List<JsonNode> paged(String token, String url) {
        List<JsonNode> all = new ArrayList<>();
        for (int first = 0; ; first += PAGE) {
            JsonNode page = get(token, url + "&first=" + first + "&max=" + PAGE);
            page.forEach(all::add);
            if (page.size() < PAGE) {
                return all;
            }
        }
    }

    private String token() {
        String form = "grant_type=client_credentials&client_id=" + encode(directory.clientId()) + "&client_secret="
                + encode(directory.clientSecret());
        JsonNode answer = send(HttpRequest.newBuilder(URI.create(
                        keycloak.backchannelBase() + "/realms/" + keycloak.realm() + "/protocol/openid-connect/token"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form))
                .build());
        return answer.path("access_token").asString();
    }

    private JsonNode get(String token, String url) {
        return send(HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token)
                .GET()
                .build());
    }

    private JsonNode send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new DirectoryUnavailable("the directory answered HTTP " + response.statusCode() + " for "
                        + request.uri().getPath() + " (check federa.directory.client-id/-secret and the service "
                        + "account's realm-management roles)");
            }
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new DirectoryUnavailable("the directory at " + keycloak.backchannelBase() + " cannot be reached ("
                    + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DirectoryUnavailable("interrupted");
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static final class DirectoryUnavailable extends UserFacingException {
        DirectoryUnavailable(String message) {
            super("Directory sync failed: " + message);
        }
    }
}
