package io.federa.identity.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The read-only directory client (Keycloak client with a service account holding realm-management's
 * view-users, query-groups, view-realm).
 *
 * @param interval how often the directory is read; the first read follows start-up by a minute
 */
@ConfigurationProperties("federa.directory")
record DirectoryProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("portal-admin-api") String clientId,
        @DefaultValue("") String clientSecret,
        @DefaultValue("15m") Duration interval) {

    @Override
    public String toString() {
        return "DirectoryProperties[enabled=" + enabled + ", clientId=" + clientId + ", clientSecret=***, interval="
                + interval + "]";
    }
}
