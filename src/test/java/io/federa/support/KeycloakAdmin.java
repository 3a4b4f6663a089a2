package io.federa.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Changes the real Keycloak's realm as its administrator (the bootstrap admin of the master realm),
 * so that tests can move people between groups. Only for test users it creates itself.
 */
public final class KeycloakAdmin {

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private final String base = RealServices.KEYCLOAK_URL + "/admin/realms/portal";
    private String token;
    private long tokenTakenAt;

    public KeycloakAdmin() {
        token = freshToken();
    }

    /** The master realm's admin tokens live 60 s; browser tests between two calls take longer. */
    private String freshToken() {
        String form = "grant_type=password&client_id=admin-cli&username=admin&password=admin";
        tokenTakenAt = System.nanoTime();
        return send(HttpRequest.newBuilder(
                                URI.create(RealServices.KEYCLOAK_URL + "/realms/master/protocol/openid-connect/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(form)))
                .path("access_token")
                .asString();
    }

    /** Creates an enabled user and returns its id. */
    public String createUser(String username) {
        var body = json.writeValueAsString(java.util.Map.of(
                "username",
                username,
                "enabled",
                true,
                "firstName",
                "Test",
                "lastName",
                username,
                "email",
                username + "@federa.test"));
        send(authorized(base + "/users")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        return send(authorized(base + "/users?exact=true&username=" + username).GET())
                .get(0)
                .path("id")
                .asString();
    }

    /** Sets a permanent password, so that the user can log in through the real login page. */
    public void setPassword(String userId, String password) {
        var body = json.writeValueAsString(java.util.Map.of("type", "password", "value", password, "temporary", false));
        send(authorized(base + "/users/" + userId + "/reset-password")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)));
    }

    public void joinGroup(String userId, String group) {
        send(authorized(base + "/users/" + userId + "/groups/" + groupId(group))
                .PUT(HttpRequest.BodyPublishers.noBody()));
    }

    public void leaveGroup(String userId, String group) {
        send(authorized(base + "/users/" + userId + "/groups/" + groupId(group)).DELETE());
    }

    public void deleteUser(String userId) {
        send(authorized(base + "/users/" + userId).DELETE());
    }

    /**
     * Creates a confidential client with a service account whose tokens carry roles, groups and the
     * federa-api audience, like the realm's federa-ci-* clients; its secret is {@code <clientId>-secret}.
     * Returns the client's internal id (for {@link #deleteClient}).
     */
    public String createServiceAccountClient(String clientId, String role) {
        var mappers = java.util.List.of(
                java.util.Map.of(
                        "name", "groups",
                        "protocol", "openid-connect",
                        "protocolMapper", "oidc-group-membership-mapper",
                        "config",
                                java.util.Map.of(
                                        "claim.name", "groups", "full.path", "false", "access.token.claim", "true")),
                java.util.Map.of(
                        "name", "roles",
                        "protocol", "openid-connect",
                        "protocolMapper", "oidc-usermodel-realm-role-mapper",
                        "config",
                                java.util.Map.of(
                                        "claim.name", "roles", "multivalued", "true", "access.token.claim", "true")),
                java.util.Map.of(
                        "name", "audience",
                        "protocol", "openid-connect",
                        "protocolMapper", "oidc-audience-mapper",
                        "config",
                                java.util.Map.of(
                                        "included.custom.audience", "federa-api", "access.token.claim", "true")));
        var body = json.writeValueAsString(java.util.Map.of(
                "clientId", clientId,
                "enabled", true,
                "publicClient", false,
                "secret", clientId + "-secret",
                "standardFlowEnabled", false,
                "serviceAccountsEnabled", true,
                "protocolMappers", mappers));
        send(authorized(base + "/clients")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        String id = send(authorized(base + "/clients?clientId=" + clientId).GET())
                .get(0)
                .path("id")
                .asString();
        String user = send(authorized(base + "/clients/" + id + "/service-account-user")
                        .GET())
                .path("id")
                .asString();
        JsonNode roleRep = send(authorized(base + "/roles/" + role).GET());
        send(authorized(base + "/users/" + user + "/role-mappings/realm")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("[" + roleRep + "]")));
        return id;
    }

    public void deleteClient(String id) {
        send(authorized(base + "/clients/" + id).DELETE());
    }

    private String groupId(String name) {
        for (JsonNode g : send(authorized(base + "/groups?search=" + name).GET())) {
            if (g.path("name").asString().equals(name)) {
                return g.path("id").asString();
            }
        }
        throw new IllegalStateException("no group " + name + " in the realm");
    }

    private HttpRequest.Builder authorized(String url) {
        if (java.time.Duration.ofNanos(System.nanoTime() - tokenTakenAt).toSeconds() > 30) {
            token = freshToken();
        }
        return HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token);
    }

    private JsonNode send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 300) {
                throw new IllegalStateException("Keycloak admin API: HTTP " + r.statusCode() + " " + r.body());
            }
            return r.body().isBlank() ? json.createArrayNode() : json.readTree(r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
