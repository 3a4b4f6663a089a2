package io.federa.models.web;

import io.federa.models.ModelNotFoundException;
import io.federa.models.internal.ArtifactUrls;
import io.federa.shared.Problems;
import java.nio.file.Path;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What model servers fetch ({@code storageUri}): a version's file behind a signed, expiring URL. No
 * session, no token: the HMAC over version, file and expiry is the only key (ADR 32). A wrong or
 * expired signature and a deleted version answer the same 404.
 */
@RestController
class ModelFilesApi {

    private final ArtifactUrls urls;

    ModelFilesApi(ArtifactUrls urls) {
        this.urls = urls;
    }

    @GetMapping(ArtifactUrls.PATH + "{versionId}/{file}")
    ResponseEntity<Resource> file(
            @PathVariable long versionId,
            @PathVariable String file,
            @RequestParam long expires,
            @RequestParam String sig) {
        return urls.open(versionId, file, expires, sig)
                .map(Path::toFile)
                .<ResponseEntity<Resource>>map(f -> ResponseEntity.ok()
                        .contentType(MediaType.APPLICATION_OCTET_STREAM)
                        .body(new FileSystemResource(f)))
                .orElseThrow(() -> new ModelNotFoundException("such model file, or the link has expired"));
    }

    @Configuration(proxyBeanMethods = false)
    static class Security {

        /** Before the OIDC chain: stateless, no CSRF (no cookies), open to the signature check above. */
        @Bean
        @Order(2)
        SecurityFilterChain modelFilesChain(HttpSecurity http) throws Exception {
            http.securityMatcher(
                            PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.GET, ArtifactUrls.PATH + "**"))
                    .csrf(c -> c.disable())
                    .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                    .requestCache(c -> c.disable())
                    .anonymous(a -> {})
                    .exceptionHandling(e -> e.authenticationEntryPoint(
                            (request, response, ex) -> Problems.write(response, 404, "not-found", "Not found.")))
                    .authorizeHttpRequests(a -> a.anyRequest().permitAll());
            return http.build();
        }
    }
}
