package io.federa.identity.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The REST API for scripts (Keycloak access tokens as {@code Authorization: Bearer}).
 *
 * @param audience the audience an access token must name ({@code aud}); the realm's script client
 *     adds it (ADR 20)
 * @param requestsPerPeriod how many requests one caller (client and subject of the token) may make per
 *     {@code period}; more answer 429 with {@code Retry-After}
 * @param period the rate limit's refresh period
 * @param loginRecheck how long a caller's roles and groups, once applied to teams and memberships (as
 *     at a login), are trusted before the next request with a token applies them again
 */
@ConfigurationProperties("federa.api")
record ApiProperties(
        @DefaultValue("federa-api") String audience,
        @DefaultValue("50") int requestsPerPeriod,
        @DefaultValue("1s") Duration period,
        @DefaultValue("5m") Duration loginRecheck) {}
