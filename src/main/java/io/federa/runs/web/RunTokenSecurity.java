package io.federa.runs.web;

import io.federa.runs.internal.RunCaller;
import io.federa.runs.internal.RunReporting;
import io.federa.shared.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.AndRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The jobs' side of {@code /api/runs}: requests that carry {@code Authorization: Bearer <run token>},
 * and the public Python helper. Ordered before the OIDC chain, stateless, no session, no CSRF (no
 * cookies are involved). Requests to {@code /api/runs} without a bearer token fall through to the
 * OIDC chain (people reading their teams' runs). See docs/adr/0011-runs-idempotent-submission-and-reporting.md.
 */
@Configuration(proxyBeanMethods = false)
class RunTokenSecurity {

    static final String AUTHORITY = "RUN_TOKEN";
    static final String HELPER = "/api/runs/helper/**";
    static final String TRIAL_TOKEN = "/api/sweeps/*/trials/*/token";
    static final String TRIAL_TOKEN_PATH = "/api/sweeps/{id}/trials/{index}/token";

    /**
     * A sweep's running task claims its trial's run token ({@link TrialTokensApi}) with the sweep's
     * claim secret, which the claim itself checks: stateless, no session, no CSRF, like the rest of
     * what jobs call (docs/adr/0017-sweep-trials-claim-their-own-token.md).
     */
    @Bean
    @Order(0)
    SecurityFilterChain trialTokenChain(HttpSecurity http) throws Exception {
        http.securityMatcher(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, TRIAL_TOKEN))
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.disable())
                .anonymous(a -> {})
                .authorizeHttpRequests(a -> a.anyRequest().permitAll());
        return http.build();
    }

    @Bean
    @Order(1)
    SecurityFilterChain runTokenChain(HttpSecurity http, RunReporting reporting) throws Exception {
        var paths = PathPatternRequestMatcher.withDefaults();
        RequestMatcher bearer = request -> {
            String h = request.getHeader("Authorization");
            return h != null && h.regionMatches(true, 0, "Bearer ", 0, 7);
        };
        http.securityMatcher(new OrRequestMatcher(
                        paths.matcher(HttpMethod.GET, HELPER),
                        new AndRequestMatcher(paths.matcher("/api/runs/**"), bearer)))
                .csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.disable())
                .anonymous(a -> {})
                .addFilterBefore(new RunTokenFilter(reporting), BasicAuthenticationFilter.class)
                .exceptionHandling(e -> e.authenticationEntryPoint((request, response, ex) -> plain(
                                response, 401, "A valid run token is required (Authorization: Bearer $FEDERA_TOKEN)."))
                        .accessDeniedHandler((request, response, ex) -> plain(response, 403, "Not allowed.")))
                .authorizeHttpRequests(a -> a.requestMatchers(paths.matcher(HttpMethod.GET, HELPER))
                        .permitAll()
                        .anyRequest()
                        .hasAuthority(AUTHORITY));
        return http.build();
    }

    static void plain(HttpServletResponse response, int status, String message) throws IOException {
        Problems.write(response, status, status == 401 ? "unauthorized" : "not-allowed", message);
    }

    /** Authenticates a run token; an unknown or expired one answers 401 at once. */
    static final class RunTokenFilter extends OncePerRequestFilter {

        private final RunReporting reporting;

        RunTokenFilter(RunReporting reporting) {
            this.reporting = reporting;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            String header = request.getHeader("Authorization");
            if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
                chain.doFilter(request, response);
                return;
            }
            Optional<RunCaller> caller =
                    reporting.authenticate(header.substring(7).trim());
            if (caller.isEmpty()) {
                plain(response, 401, "This run token is unknown or has expired (tokens end a while after their run).");
                return;
            }
            var context = SecurityContextHolder.createEmptyContext();
            context.setAuthentication(new RunTokenAuthentication(caller.get()));
            SecurityContextHolder.setContext(context);
            try {
                chain.doFilter(request, response);
            } finally {
                SecurityContextHolder.clearContext();
            }
        }
    }

    static final class RunTokenAuthentication extends AbstractAuthenticationToken {

        private final RunCaller caller;

        RunTokenAuthentication(RunCaller caller) {
            super(List.of(new SimpleGrantedAuthority(AUTHORITY)));
            this.caller = caller;
            setAuthenticated(true);
        }

        @Override
        public Object getCredentials() {
            return "";
        }

        @Override
        public RunCaller getPrincipal() {
            return caller;
        }
    }
}
