package io.federa.runs.web;

import io.federa.runs.internal.TrialTokens;
import io.federa.runs.internal.TrialTokens.ClaimRefusedException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/sweeps/{id}/trials/{index}/token?job=<SLURM_JOB_ID>} with {@code Authorization:
 * Bearer <the sweep's claim secret>}: a sweep's running task gets its own trial's run token, once, as
 * plain text (docs/adr/0017-sweep-trials-claim-their-own-token.md). The generated preamble of the
 * array calls it; people have no use for it.
 */
@RestController
class TrialTokensApi {

    private final TrialTokens tokens;

    TrialTokensApi(TrialTokens tokens) {
        this.tokens = tokens;
    }

    @PostMapping(value = RunTokenSecurity.TRIAL_TOKEN_PATH, produces = MediaType.TEXT_PLAIN_VALUE)
    ResponseEntity<String> claim(
            @PathVariable String id,
            @PathVariable int index,
            @RequestParam long job,
            @RequestHeader(value = "Authorization", required = false) @Nullable String authorization) {
        String secret = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim()
                : "";
        return ResponseEntity.ok()
                .contentType(MediaType.TEXT_PLAIN)
                .header("Cache-Control", "no-store")
                .body(tokens.claim(id, index, secret, job));
    }

    @ExceptionHandler(ClaimRefusedException.class)
    ProblemDetail refused(ClaimRefusedException e) {
        HttpStatus status = switch (e.refusal()) {
            case UNKNOWN_SECRET -> HttpStatus.UNAUTHORIZED;
            case NOT_THE_TASK -> HttpStatus.FORBIDDEN;
            case NO_TRIAL -> HttpStatus.NOT_FOUND;
            case ALREADY_CLAIMED -> HttpStatus.CONFLICT;
            case CLUSTER_UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
        };
        return ProblemDetail.forStatusAndDetail(status, e.userMessage());
    }
}
