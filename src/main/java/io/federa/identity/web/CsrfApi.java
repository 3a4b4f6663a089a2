package io.federa.identity.web;

import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The session's CSRF token, for REST clients that use a person's login session: every POST to
 * {@code /api/**} (except a job's requests with its run token) must send it in the named header, so
 * that another site cannot make a logged-in browser submit work.
 */
@RestController
class CsrfApi {

    record Csrf(String headerName, String token) {}

    @GetMapping("/api/csrf")
    Csrf csrf(CsrfToken token) {
        return new Csrf(token.getHeaderName(), token.getToken());
    }
}
