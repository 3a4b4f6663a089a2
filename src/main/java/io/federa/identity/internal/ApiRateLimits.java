package io.federa.identity.internal;

import io.federa.shared.Problems;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Per-caller rate limits on the REST API (Resilience4j's rate limiter, one per token subject and
 * client): {@code federa.api.requests-per-period} per {@code federa.api.period}; over it, 429 with
 * {@code Retry-After} in whole seconds, so one script cannot starve the portal. The run reporting
 * endpoints (run tokens) have their own chain and their own limits.
 */
final class ApiRateLimits extends OncePerRequestFilter {

    private final RateLimiterRegistry limiters;

    ApiRateLimits(ApiProperties props) {
        this.limiters = RateLimiterRegistry.of(RateLimiterConfig.custom()
                .limitForPeriod(props.requestsPerPeriod())
                .limitRefreshPeriod(props.period())
                .timeoutDuration(Duration.ZERO)
                .build());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!(SecurityContextHolder.getContext().getAuthentication() instanceof JwtAuthenticationToken token)) {
            chain.doFilter(request, response);
            return;
        }
        String caller = token.getToken().getClaimAsString("azp") + "/"
                + token.getToken().getSubject();
        RateLimiter limiter = limiters.rateLimiter(caller);
        if (limiter.acquirePermission()) {
            chain.doFilter(request, response);
            return;
        }
        long nanos = limiter instanceof io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter atomic
                ? atomic.getDetailedMetrics().getNanosToWait()
                : limiter.getRateLimiterConfig().getLimitRefreshPeriod().toNanos();
        long seconds = Math.max(1, (nanos + 999_999_999L) / 1_000_000_000L);
        response.setHeader("Retry-After", Long.toString(seconds));
        Problems.write(
                response,
                429,
                "rate-limited",
                "Too many requests from this caller: at most "
                        + limiter.getRateLimiterConfig().getLimitForPeriod()
                        + " per "
                        + limiter.getRateLimiterConfig().getLimitRefreshPeriod().toMillis()
                        + " ms. Retry after " + seconds + " s.");
    }
}
