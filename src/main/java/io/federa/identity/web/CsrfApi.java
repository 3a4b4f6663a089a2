package io.federa.identity.web;

import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The session's CSRF token, for REST clients that use a person's login session: every POST to
 * {@code /api/**} (except a job's requests with its run token) must send it in the named header, so
 * that another site cannot make a logged-in browser submit work.
 */
@RestController
class CsrfApi {

    record Csrf(String headerName, String token) {}

    /** A call with a bearer token has no session and needs no CSRF token: 400 says so (it was a 500). */
    @GetMapping("/api/csrf")
    Csrf csrf(@Nullable CsrfToken token) {
        if (token == null) {
            throw new ResponseStatusException(
                    HttpStatus.BAD_REQUEST, "Calls with a bearer token have no session and need no CSRF token.");
        }
        return new Csrf(token.getHeaderName(), token.getToken());
    }
}
