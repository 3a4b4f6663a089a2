package io.federa.identity.internal;

import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the identity provider is.
 *
 * @param url Keycloak's base URL as the browser reaches it (also the token issuer)
 * @param backchannelUrl Keycloak's base URL as the portal server reaches it, when different (for
 *     example inside Docker Compose); defaults to {@code url}
 * @param realm the realm whose users log in
 * @param clientId the portal's confidential OIDC client
 * @param clientSecret its secret; never logged. No default: outside the demo profile the portal refuses
 *     to start without it (shared's DemoSettingsCheck)
 */
@ConfigurationProperties("federa.keycloak")
record KeycloakProperties(
        @DefaultValue("http://127.0.0.1:8180") URI url,
        @Nullable URI backchannelUrl,
        @DefaultValue("portal") String realm,
        @DefaultValue("portal") String clientId,
        @DefaultValue("") String clientSecret) {

    String issuer() {
        return strip(url) + "/realms/" + realm;
    }

    String backchannelIssuer() {
        return backchannelBase() + "/realms/" + realm;
    }

    /** Keycloak's base URL as the portal server reaches it. */
    String backchannelBase() {
        return strip(backchannelUrl != null ? backchannelUrl : url);
    }

    private static String strip(URI uri) {
        String s = uri.toString();
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    @Override
    public String toString() {
        return "KeycloakProperties[url=" + url + ", backchannelUrl=" + backchannelUrl + ", realm=" + realm
                + ", clientId=" + clientId + ", clientSecret=***]";
    }
}
