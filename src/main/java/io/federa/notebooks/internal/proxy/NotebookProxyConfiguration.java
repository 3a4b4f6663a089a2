package io.federa.notebooks.internal.proxy;

import io.federa.identity.CurrentUsers;
import jakarta.servlet.http.HttpServletResponse;
import java.net.http.HttpClient;
import java.util.concurrent.Executors;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The notebook proxy: its own servlet at {@code /notebooks/*} (outside Vaadin's servlet and Spring MVC,
 * so no multipart parsing, no view routing, no buffering) behind its own security chain. See
 * docs/adr/0031-notebook-proxy.md.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(NotebookProxyProperties.class)
class NotebookProxyConfiguration {

    /** identity's OIDC login (its SecurityConfiguration.LOGIN_PATH), where a browser without a session goes. */
    static final String LOGIN_PATH = "/oauth2/authorization/keycloak";

    @Bean
    ServletRegistrationBean<NotebookProxyServlet> notebookProxyServlet(
            ObjectProvider<NotebookUpstreams> upstreams, CurrentUsers users, NotebookProxyProperties properties) {
        // HTTP/1.1: Jupyter (Tornado) speaks no HTTP/2, and a cleartext h2c upgrade attempt only adds a round trip
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(properties.connectTimeout())
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
        var servlet =
                new NotebookProxyServlet(upstreams, users, http, properties, new NotebookWebSockets(http, properties));
        var registration = new ServletRegistrationBean<>(servlet, "/notebooks/*");
        registration.setName("notebookProxy");
        registration.setAsyncSupported(true);
        registration.setLoadOnStartup(1);
        return registration;
    }

    /**
     * Only a logged-in session passes; before the portal's main chain. Spring's CSRF token is not asked
     * for (Jupyter's pages do not know it): {@link CrossSite} checks origin and Jupyter's own XSRF token
     * instead. A browser page without a session goes to the login (and comes back after it); Jupyter's
     * API calls and WebSockets get 401.
     */
    @Bean
    @Order(2)
    SecurityFilterChain notebookProxyChain(HttpSecurity http) throws Exception {
        RequestMatcher api = request -> {
            String uri = request.getRequestURI();
            return uri.contains("/api/")
                    || "websocket".equalsIgnoreCase(request.getHeader("Upgrade"))
                    || "XMLHttpRequest".equals(request.getHeader("X-Requested-With"));
        };
        RequestMatcher proxied = request -> ProxyPaths.proxied(
                request.getRequestURI().substring(request.getContextPath().length()));
        http.securityMatcher(proxied)
                .csrf(c -> c.disable())
                .headers(h -> h.cacheControl(c -> c.disable()).frameOptions(f -> f.sameOrigin()))
                .authorizeHttpRequests(a -> a.anyRequest().authenticated())
                .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(
                                (request, response, ex) -> NotebookProxyServlet.page(
                                        response,
                                        HttpServletResponse.SC_UNAUTHORIZED,
                                        "Log in",
                                        "Log in to the portal to open a notebook."),
                                api)
                        .defaultAuthenticationEntryPointFor(
                                new LoginUrlAuthenticationEntryPoint(LOGIN_PATH), request -> true));
        return http.build();
    }
}
