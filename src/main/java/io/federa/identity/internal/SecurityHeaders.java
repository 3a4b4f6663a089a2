package io.federa.identity.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Response headers every answer of the portal carries — pages, the REST API, static files, error
 * pages and refusals of every security chain alike, which is why this is one servlet filter in front
 * of all of them rather than a setting of each chain. Spring Security's own defaults stay on in every
 * chain: {@code X-Content-Type-Options}, {@code X-Frame-Options}, {@code Cache-Control} and HSTS on
 * requests that came over HTTPS (behind a proxy: {@code server.forward-headers-strategy=native}).
 *
 * <p>Why the Content-Security-Policy allows inline scripts, {@code eval} and inline styles: Vaadin
 * Flow's bootstrap page carries inline scripts whose content changes with every page load (the first
 * UIDL, the session's tokens), so no hash fits them, and Flow has no nonce support; its client runs
 * server-sent JavaScript ({@code executeJs}) through {@code new Function}; Lumo and the web components
 * set inline styles. Everything else is narrowed to the portal itself: no other origin may serve
 * scripts, styles, images, fonts or connections, no plugin, no framing, forms post only to the portal
 * and to Keycloak (the RP-initiated logout). See docs/adr/0027-security-headers-and-isolation-matrix.md.
 */
@Configuration(proxyBeanMethods = false)
class SecurityHeaders {

    static final String REFERRER_POLICY = "same-origin";
    static final String PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
            + "serial=(), hid=(), bluetooth=(), midi=(), display-capture=()";

    @Bean
    FilterRegistrationBean<HeadersFilter> securityHeadersFilter(KeycloakProperties keycloak) {
        var registration = new FilterRegistrationBean<>(new HeadersFilter(contentSecurityPolicy(keycloak.url())));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        registration.addUrlPatterns("/*");
        return registration;
    }

    static String contentSecurityPolicy(URI keycloak) {
        String idp = keycloak.getScheme() + "://" + keycloak.getRawAuthority();
        return String.join(
                "; ",
                "default-src 'self'",
                "script-src 'self' 'unsafe-inline' 'unsafe-eval'",
                "style-src 'self' 'unsafe-inline'",
                "img-src 'self' data: blob:",
                "font-src 'self' data:",
                "connect-src 'self'",
                "worker-src 'self' blob:",
                "object-src 'none'",
                "base-uri 'self'",
                "frame-ancestors 'none'",
                "form-action 'self' " + idp);
    }

    static final class HeadersFilter extends OncePerRequestFilter {

        private final String csp;

        HeadersFilter(String csp) {
            this.csp = csp;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            response.setHeader("Content-Security-Policy", csp);
            response.setHeader("Referrer-Policy", REFERRER_POLICY);
            response.setHeader("Permissions-Policy", PERMISSIONS_POLICY);
            response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
            chain.doFilter(request, response);
        }
    }
}
