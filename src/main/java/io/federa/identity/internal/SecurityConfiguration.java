package io.federa.identity.internal;

import static com.vaadin.flow.spring.security.VaadinSecurityConfigurer.vaadin;

import io.federa.identity.UserLoggedOut;
import io.federa.shared.Actor;
import io.federa.shared.AuditEvents;
import io.federa.shared.AuditRecord;
import io.federa.shared.Roles;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.annotation.method.configuration.EnableMethodSecurity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;

/**
 * OIDC login against Keycloak (authorization code with PKCE), Vaadin view access control, and the
 * few non-Vaadin paths. See docs/adr/0003-oidc-login-and-teams-from-groups.md.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
@EnableMethodSecurity(jsr250Enabled = true)
class SecurityConfiguration {

    static final String REGISTRATION_ID = "keycloak";
    static final String LOGIN_PATH = "/oauth2/authorization/" + REGISTRATION_ID;
    static final String LOGIN_REFUSED_PATH = "/login-refused";
    static final String LOGIN_REFUSED_REASON = "federa.login-refused";

    @Bean
    SecurityFilterChain securityFilterChain(
            HttpSecurity http,
            ClientRegistrationRepository registrations,
            FederaOidcUserService userService,
            AuditEvents audit,
            Clock clock)
            throws Exception {
        var resolver = new DefaultOAuth2AuthorizationRequestResolver(registrations, "/oauth2/authorization");
        resolver.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());

        // error dispatches (a 404 from a controller) must not be re-authorized into a 403
        http.authorizeHttpRequests(auth -> auth.dispatcherTypeMatchers(DispatcherType.ERROR)
                .permitAll()
                .requestMatchers("/styles/**", "/actuator/health", "/actuator/health/**", LOGIN_REFUSED_PATH)
                .permitAll()
                // the OpenAPI description and its browser are public: they describe, they do not serve data
                .requestMatchers(ApiSecurity.publicPaths().toArray(String[]::new))
                .permitAll()
                .requestMatchers("/actuator/**")
                .hasRole(Roles.PORTAL_ADMIN)
                // Vaadin's own rules deny paths that are not views; REST endpoints check team access
                // in their services, so here they only need a logged-in user
                .requestMatchers("/api/**")
                .authenticated());
        // a login gets a new session id (the one an attacker may have planted before it is worthless);
        // the session cookie's SameSite, Secure (on HTTPS) and the timeout are in application.properties
        http.sessionManagement(s -> s.sessionFixation(f -> f.changeSessionId()));
        http.oauth2Login(login -> login.authorizationEndpoint(a -> a.authorizationRequestResolver(resolver))
                .userInfoEndpoint(u -> u.oidcUserService(userService))
                .failureHandler(SecurityConfiguration::loginFailed));
        // REST calls without a (valid) session: 401 with WWW-Authenticate, never the login redirect;
        // refusals: a problem, recorded in the audit log. Registered before Vaadin's login entry point.
        // (the login redirect is registered first: the first entry point is also the one for requests no
        // matcher claims, as it was when the login's was the only one)
        var api = PathPatternRequestMatcher.withDefaults().matcher("/api/**");
        http.exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(
                        new LoginUrlAuthenticationEntryPoint(LOGIN_PATH), new NegatedRequestMatcher(api))
                .defaultAuthenticationEntryPointFor(ApiSecurity.unauthorized(), api)
                .defaultAccessDeniedHandlerFor(ApiSecurity.forbidden(audit), api));
        http.logout(logout -> logout.addLogoutHandler((request, response, authentication) -> {
            if (authentication != null) {
                Actor who = SecurityContextActors.of(authentication)
                        .from(request.getRemoteAddr(), request.getHeader("User-Agent"));
                audit.publishAlone(
                        new UserLoggedOut(AuditRecord.success(who, clock.instant(), "logout", "person", who.name())));
            }
        }));
        // Logging out also ends the Keycloak session (RP-initiated logout), then comes back to "/".
        return http.with(vaadin(), vaadin -> vaadin.oauth2LoginPage(LOGIN_PATH, "{baseUrl}/"))
                .build();
    }

    /**
     * A login the portal refused (ADR 18) goes to a page that says why; any other failure where Spring
     * Security sends it by default.
     */
    private static void loginFailed(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException, ServletException {
        if (e instanceof OAuth2AuthenticationException o
                && LoginRefusedException.ERROR_CODE.equals(o.getError().getErrorCode())) {
            request.getSession().setAttribute(LOGIN_REFUSED_REASON, o.getError().getDescription());
            response.sendRedirect(request.getContextPath() + LOGIN_REFUSED_PATH);
            return;
        }
        new SimpleUrlAuthenticationFailureHandler(LOGIN_PATH + "?error").onAuthenticationFailure(request, response, e);
    }

    /**
     * The client registration is built from configuration rather than discovered from the issuer, so
     * the portal starts (and shows its health) even while Keycloak is down.
     */
    @Bean
    ClientRegistrationRepository clientRegistrationRepository(KeycloakProperties kc) {
        String browser = kc.issuer() + "/protocol/openid-connect";
        String backchannel = kc.backchannelIssuer() + "/protocol/openid-connect";
        ClientRegistration registration = ClientRegistration.withRegistrationId(REGISTRATION_ID)
                .clientName("Keycloak")
                .clientId(kc.clientId())
                .clientSecret(kc.clientSecret())
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                .scope("openid", "profile", "email")
                .issuerUri(kc.issuer())
                .authorizationUri(browser + "/auth")
                .tokenUri(backchannel + "/token")
                .jwkSetUri(backchannel + "/certs")
                .userInfoUri(backchannel + "/userinfo")
                .userNameAttributeName(IdTokenClaimNames.SUB)
                .providerConfigurationMetadata(Map.of("end_session_endpoint", browser + "/logout"))
                .build();
        return new InMemoryClientRegistrationRepository(registration);
    }
}
