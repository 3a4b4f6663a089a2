package io.federa.identity.internal;

import io.federa.identity.OidcClaims;
import io.federa.shared.AuditEvents;
import io.federa.shared.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.authentication.BearerTokenAuthenticationFilter;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The REST API for scripts: requests to {@code /api/**} with {@code Authorization: Bearer <Keycloak
 * access token>} (a JWT). Ordered before the run-token chain (whose tokens are not JWTs) and the
 * browser chain; stateless, no session, no CSRF (no cookie is involved, so another site cannot make a
 * browser send the token). The token's signature (Keycloak's keys), issuer and audience are checked;
 * roles and groups are read from it exactly as at login ({@link OidcClaims}). A missing or bad token
 * answers 401 with {@code WWW-Authenticate: Bearer}, never a redirect. See
 * docs/adr/0020-rest-api-tokens-problems-openapi.md.
 */
@Configuration(proxyBeanMethods = false)
class ApiSecurity {

    private static final Pattern JWT =
            Pattern.compile("(?i)bearer\\s+[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*\\s*");

    /** {@code /api/**} requests that carry a JWT as bearer token (run tokens are not JWTs). */
    static final RequestMatcher BEARER_JWT_ON_API =
            new AndRequestMatcher(PathPatternRequestMatcher.withDefaults().matcher("/api/**"), request -> {
                String h = request.getHeader("Authorization");
                return h != null && JWT.matcher(h).matches();
            });

    @Bean
    @Order(0)
    SecurityFilterChain apiTokenChain(
            HttpSecurity http, JwtDecoder apiJwtDecoder, BearerLogins logins, ApiProperties props, AuditEvents audit)
            throws Exception {
        http.securityMatcher(BEARER_JWT_ON_API)
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.disable())
                .oauth2ResourceServer(rs -> rs.jwt(jwt -> jwt.decoder(apiJwtDecoder)
                                .jwtAuthenticationConverter(token ->
                                        new JwtAuthenticationToken(token, OidcClaims.authorities(token.getClaims()))))
                        .authenticationEntryPoint(unauthorized())
                        .accessDeniedHandler(forbidden(audit)))
                .exceptionHandling(
                        e -> e.authenticationEntryPoint(unauthorized()).accessDeniedHandler(forbidden(audit)))
                .addFilterAfter(new ApiRateLimits(props), BearerTokenAuthenticationFilter.class)
                .addFilterAfter(new AppliedAsLogin(logins), ApiRateLimits.class)
                .authorizeHttpRequests(a -> a.anyRequest().authenticated());
        return http.build();
    }

    /**
     * Keycloak's keys are fetched on first use (the portal starts while Keycloak is down); every token
     * must name the realm's issuer as the portal knows it and the API's audience.
     */
    @Bean
    JwtDecoder apiJwtDecoder(KeycloakProperties kc, ApiProperties props) {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(
                        kc.backchannelIssuer() + "/protocol/openid-connect/certs")
                .build();
        OAuth2TokenValidator<Jwt> audience =
                token -> token.getAudience() != null && token.getAudience().contains(props.audience())
                        ? OAuth2TokenValidatorResult.success()
                        : OAuth2TokenValidatorResult.failure(new OAuth2Error(
                                "invalid_token",
                                "The token is not meant for this API (audience " + props.audience() + ").",
                                null));
        decoder.setJwtValidator(
                new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(kc.issuer()), audience));
        return decoder;
    }

    /** 401 with {@code WWW-Authenticate: Bearer …} (RFC 6750) and a problem body saying what to send. */
    static AuthenticationEntryPoint unauthorized() {
        var bearer = new BearerTokenAuthenticationEntryPoint();
        bearer.setRealmName("federa");
        return (request, response, ex) -> {
            bearer.commence(request, response, ex);
            Problems.write(response, 401, "unauthorized", detail(ex));
        };
    }

    private static String detail(AuthenticationException ex) {
        String base = "Send a Keycloak access token as 'Authorization: Bearer <token>' (see the README, REST API).";
        return ex instanceof org.springframework.security.oauth2.server.resource.InvalidBearerTokenException
                ? "The access token was refused: " + ex.getMessage() + " " + base
                : base;
    }

    /** 403 as a problem, recorded in the audit log. */
    static AccessDeniedHandler forbidden(AuditEvents audit) {
        return (request, response, ex) -> refuse(audit, request, response, ex);
    }

    private static void refuse(
            AuditEvents audit, HttpServletRequest request, HttpServletResponse response, AccessDeniedException ex)
            throws IOException {
        audit.refused(request.getMethod() + " " + request.getRequestURI(), "role required");
        Problems.write(response, 403, "not-allowed", "You are not allowed to do that.");
    }

    /** Applies the caller's roles and groups as at a login (see {@link BearerLogins}). */
    static final class AppliedAsLogin extends OncePerRequestFilter {

        private final BearerLogins logins;

        AppliedAsLogin(BearerLogins logins) {
            this.logins = logins;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws jakarta.servlet.ServletException, IOException {
            if (SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token) {
                try {
                    logins.apply(token);
                } catch (LoginRefusedException e) {
                    // the token's account and user name do not match what the portal knows (ADR 18)
                    SecurityContextHolder.clearContext();
                    Problems.write(response, 403, "login-refused", e.userMessage());
                    return;
                }
            }
            chain.doFilter(request, response);
        }
    }

    static List<String> publicPaths() {
        return List.of("/v3/api-docs", "/v3/api-docs/**", "/v3/api-docs.yaml", "/swagger-ui.html", "/swagger-ui/**");
    }
}
