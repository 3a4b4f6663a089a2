package io.federa.notebooks.web;

import io.federa.notebooks.internal.NotebookReports;
import io.federa.shared.Problems;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.jspecify.annotations.Nullable;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/notebooks/{id}/report}: a Slurm notebook's job says which node and port its Jupyter
 * listens on, with {@code Authorization: Bearer <its notebook token>}. Stateless, no session, no CSRF
 * (no cookies are involved); the token is checked here, against the notebook's stored hash. A wrong
 * token answers 404 as for a notebook that does not exist; 409 asks the job to try again (the portal's
 * mirror does not show the job running yet). docs/adr/0030-notebooks.md.
 */
@RestController
class NotebookReportApi {

    static final String PATH = "/api/notebooks/{id}/report";

    record ReportBody(@Nullable String node, @Nullable Integer port) {}

    private final NotebookReports reports;

    NotebookReportApi(NotebookReports reports) {
        this.reports = reports;
    }

    @PostMapping(PATH)
    void report(
            @PathVariable String id,
            @RequestHeader(name = "Authorization", required = false) @Nullable String authorization,
            @RequestBody(required = false) @Nullable ReportBody body,
            HttpServletResponse response)
            throws IOException {
        if (authorization == null
                || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                || body == null
                || body.node() == null
                || body.port() == null) {
            Problems.write(response, 404, "not-found", "There is no notebook " + id + ".");
            return;
        }
        switch (reports.report(id, authorization.substring(7).trim(), body.node(), body.port())) {
            case TAKEN -> response.setStatus(204);
            case NOT_YET ->
                Problems.write(response, 409, "not-yet", "The portal does not see this job running yet: try again.");
            case REFUSED -> Problems.write(response, 404, "not-found", "There is no notebook " + id + ".");
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Security {

        @Bean
        @Order(0)
        SecurityFilterChain notebookReportChain(HttpSecurity http) throws Exception {
            http.securityMatcher(PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, PATH))
                    .csrf(c -> c.disable())
                    .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                    .requestCache(c -> c.disable())
                    .anonymous(a -> {})
                    .authorizeHttpRequests(a -> a.anyRequest().permitAll());
            return http.build();
        }
    }
}
