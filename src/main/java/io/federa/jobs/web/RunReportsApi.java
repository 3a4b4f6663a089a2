package io.federa.jobs.web;

import io.federa.jobs.RunArtifact;
import io.federa.jobs.internal.ReportRefusedException;
import io.federa.jobs.internal.RunCaller;
import io.federa.jobs.internal.RunReporting;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartFile;

/**
 * What a job posts back about its own run, authenticated by its run token ({@link RunTokenSecurity}).
 * A token of run A writing to run B gets 403.
 */
@RestController
@RequestMapping("/api/runs")
class RunReportsApi {

    private final RunReporting reporting;

    RunReportsApi(RunReporting reporting) {
        this.reporting = reporting;
    }

    /** The stdlib-only Python helper; reads FEDERA_URL, FEDERA_RUN_ID and FEDERA_TOKEN. */
    @GetMapping(value = "/helper/federa.py", produces = "text/x-python;charset=UTF-8")
    ResponseEntity<byte[]> helper() throws IOException {
        try (InputStream in = new ClassPathResource("io/federa/jobs/federa.py").getInputStream()) {
            return ResponseEntity.ok()
                    .header("Content-Disposition", "inline; filename=federa.py")
                    .body(in.readAllBytes());
        }
    }

    /** A JSON array of {"key", "step", "value", "timestamp"?}; all points in one insert. */
    @PostMapping(value = "/{id}/metrics", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> metrics(@PathVariable String id, @RequestBody List<RunReporting.MetricInput> points) {
        return Map.of("stored", reporting.metrics(caller(), id, points));
    }

    /** Plain text (one line per line) or a JSON array of strings; appended in order. */
    @PostMapping(value = "/{id}/logs", consumes = MediaType.TEXT_PLAIN_VALUE)
    Map<String, Object> logText(@PathVariable String id, @RequestBody String text) {
        String body = text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        return Map.of("stored", reporting.logs(caller(), id, List.of(body.split("\r?\n", -1))));
    }

    @PostMapping(value = "/{id}/logs", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> logLines(@PathVariable String id, @RequestBody List<String> lines) {
        return Map.of("stored", reporting.logs(caller(), id, lines));
    }

    /** A JSON object of name → value (numbers and booleans are stored as text). */
    @PostMapping(value = "/{id}/params", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> params(@PathVariable String id, @RequestBody Map<String, @Nullable Object> params) {
        reporting.params(caller(), id, text(params));
        return Map.of("stored", params.size());
    }

    @PostMapping(value = "/{id}/tags", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> tags(@PathVariable String id, @RequestBody Map<String, @Nullable Object> tags) {
        reporting.tags(caller(), id, text(tags));
        return Map.of("stored", tags.size());
    }

    /** Multipart, part "file"; the stored name is the part's file name (or "name"), made safe. */
    @PostMapping(value = "/{id}/artifacts", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    RunArtifact artifact(
            @PathVariable String id,
            @RequestPart("file") MultipartFile file,
            @RequestParam(required = false) @Nullable String name)
            throws IOException {
        String requested = name != null && !name.isBlank() ? name : file.getOriginalFilename();
        try (InputStream in = file.getInputStream()) {
            return reporting.artifact(caller(), id, requested == null ? "" : requested, file.getSize(), in);
        }
    }

    private static Map<String, String> text(Map<String, @Nullable Object> values) {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, v == null ? "" : String.valueOf(v)));
        return out;
    }

    private static RunCaller caller() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof RunCaller caller) {
            return caller;
        }
        throw new NoRunToken();
    }

    /** A person's session (no run token) cannot report for a run. */
    static final class NoRunToken extends RuntimeException {
        NoRunToken() {
            super("reports need the run's token", null, false, false);
        }
    }

    @ExceptionHandler(NoRunToken.class)
    ProblemDetail noToken(NoRunToken e) {
        return ProblemDetail.forStatusAndDetail(
                HttpStatus.FORBIDDEN, "Only the run's job reports for it, with Authorization: Bearer $FEDERA_TOKEN.");
    }

    @ExceptionHandler(ReportRefusedException.class)
    ProblemDetail refused(ReportRefusedException e) {
        HttpStatus status = switch (e.kind()) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case NOT_OWN_RUN -> HttpStatus.FORBIDDEN;
            case PORTAL_SET -> HttpStatus.CONFLICT;
            case TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
            case QUOTA -> HttpStatus.TOO_MANY_REQUESTS;
        };
        return ProblemDetail.forStatusAndDetail(status, e.userMessage());
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ProblemDetail tooLarge(MaxUploadSizeExceededException e) {
        return ProblemDetail.forStatusAndDetail(
                HttpStatus.CONTENT_TOO_LARGE,
                "The file is larger than " + reporting.maxArtifactBytes() + " bytes, the most an artifact may be.");
    }
}
