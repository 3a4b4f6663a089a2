package io.federa.runs.web;

import io.federa.runs.RunArtifact;
import io.federa.runs.internal.ReportRefusedException;
import io.federa.runs.internal.RunCaller;
import io.federa.runs.internal.RunReporting;
import io.federa.runs.internal.RunsProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a job posts back about its own run, authenticated by its run token ({@link RunTokenSecurity}).
 * A token of run A writing to run B gets 403, before the body is read. Bodies are read by {@link
 * ReportBodies}: never more than the endpoint's {@code federa.runs.max-request-size}, a larger one
 * answers 413 (on its declared length before a byte is read, else one byte past the limit).
 */
@RestController
@RequestMapping("/api/runs")
class RunReportsApi {

    private final RunReporting reporting;
    private final JsonMapper json;
    /** One metric point at a time from the array: the rest of the array is not "trailing tokens". */
    private final ObjectReader point;

    RunReportsApi(RunReporting reporting, JsonMapper json) {
        this.reporting = reporting;
        this.json = json;
        this.point =
                json.readerFor(RunReporting.MetricInput.class).without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
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

    /**
     * A JSON array of {"key", "step", "value", "timestamp"?}; all points in one insert. The body is
     * read only up to {@code federa.runs.max-request-size.metrics} and its points counted as they are
     * parsed: more of either is refused (413) before the rest is read.
     */
    @PostMapping(value = "/{id}/metrics", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> metrics(@PathVariable String id, HttpServletRequest request) throws IOException {
        RunCaller caller = caller(id);
        RunsProperties limits = reporting.limits();
        byte[] body = ReportBodies.read(request, limits.maxRequestSize().metrics(), "metrics");
        List<RunReporting.MetricInput> points = metricPoints(json, point, body, limits.maxMetricsPerRequest());
        return Map.of("stored", reporting.metrics(caller, id, points));
    }

    /**
     * The points of a metrics body, counted as they are parsed (package-private for
     * ReportPayloadsFuzzTest).
     *
     * @throws ReportRefusedException INVALID when it is not the documented array, TOO_LARGE past {@code max}
     */
    static List<RunReporting.MetricInput> metricPoints(JsonMapper json, ObjectReader point, byte[] body, int max) {
        List<RunReporting.MetricInput> points = new ArrayList<>();
        try (JsonParser parser = json.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_ARRAY) {
                throw ReportBodies.invalid(METRICS_FORM);
            }
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                if (points.size() == max) {
                    throw ReportBodies.tooLarge(
                            "A request may carry at most " + max + " metric points; send them in batches.");
                }
                points.add(point.readValue(parser));
            }
        } catch (JacksonException e) {
            throw ReportBodies.invalid(METRICS_FORM);
        }
        return points;
    }

    /**
     * Plain text, one line per line (a last line break is dropped), split here in one pass and counted
     * as it goes; the body is read only up to {@code federa.runs.max-request-size.logs}.
     */
    @PostMapping(value = "/{id}/logs", consumes = MediaType.TEXT_PLAIN_VALUE)
    Map<String, Object> logText(@PathVariable String id, HttpServletRequest request) throws IOException {
        RunCaller caller = caller(id);
        RunsProperties limits = reporting.limits();
        byte[] body = ReportBodies.read(request, limits.maxRequestSize().logs(), "log lines");
        String text = new String(body, ReportBodies.charset(request));
        List<String> lines = ReportBodies.lines(text, limits.maxLogLinesPerRequest());
        return Map.of("stored", reporting.logs(caller, id, lines));
    }

    /** A JSON array of strings, appended in order; bounded like the plain text. */
    @PostMapping(value = "/{id}/logs", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> logLines(@PathVariable String id, HttpServletRequest request) throws IOException {
        RunCaller caller = caller(id);
        byte[] body =
                ReportBodies.read(request, reporting.limits().maxRequestSize().logs(), "log lines");
        return Map.of("stored", reporting.logs(caller, id, parse(json, body, LINES, "a JSON array of strings")));
    }

    /** A JSON object of name → value (numbers and booleans are stored as text). */
    @PostMapping(value = "/{id}/params", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> params(@PathVariable String id, HttpServletRequest request) throws IOException {
        RunCaller caller = caller(id);
        Map<String, @Nullable Object> params = fields(request, "params");
        reporting.params(caller, id, text(params));
        return Map.of("stored", params.size());
    }

    @PostMapping(value = "/{id}/tags", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> tags(@PathVariable String id, HttpServletRequest request) throws IOException {
        RunCaller caller = caller(id);
        Map<String, @Nullable Object> tags = fields(request, "tags");
        reporting.tags(caller, id, text(tags));
        return Map.of("stored", tags.size());
    }

    private Map<String, @Nullable Object> fields(HttpServletRequest request, String what) throws IOException {
        byte[] body =
                ReportBodies.read(request, reporting.limits().maxRequestSize().params(), what);
        return parse(json, body, FIELDS, "a JSON object of name → value");
    }

    static <T> T parse(JsonMapper json, byte[] body, TypeReference<T> type, String form) {
        try {
            T value = json.readValue(body, type);
            if (value == null) {
                throw ReportBodies.invalid("The body must be " + form + ".");
            }
            return value;
        } catch (JacksonException e) {
            throw ReportBodies.invalid("The body must be " + form + ".");
        }
    }

    private static final String METRICS_FORM =
            "The body must be a JSON array of {\"key\", \"step\", \"value\", \"timestamp\"?} objects.";
    static final TypeReference<List<String>> LINES = new TypeReference<>() {};
    static final TypeReference<Map<String, @Nullable Object>> FIELDS = new TypeReference<>() {};

    /** Multipart, part "file"; the stored name is the part's file name (or "name"), made safe. */
    @PostMapping(value = "/{id}/artifacts", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    RunArtifact artifact(
            @PathVariable String id,
            @RequestPart("file") MultipartFile file,
            @RequestParam(required = false) @Nullable String name)
            throws IOException {
        RunCaller caller = caller(id);
        String requested = name != null && !name.isBlank() ? name : file.getOriginalFilename();
        try (InputStream in = file.getInputStream()) {
            return reporting.artifact(caller, id, requested == null ? "" : requested, file.getSize(), in);
        }
    }

    private static Map<String, String> text(Map<String, @Nullable Object> values) {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, v == null ? "" : String.valueOf(v)));
        return out;
    }

    /** The job's token, checked to be run {@code runId}'s before anything of the body is read. */
    private RunCaller caller(String runId) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof RunCaller caller) {
            reporting.requireOwnRun(caller, runId);
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

    /**
     * 400 bad input, 403 another run, 409 the portal's own params and tags, 413 more than one request
     * may carry, 429 the run's or the team's storage quota is used up (docs/adr/0011).
     */
    @ExceptionHandler(ReportRefusedException.class)
    ProblemDetail refused(ReportRefusedException e) {
        HttpStatus status = switch (e.kind()) {
            case INVALID -> HttpStatus.BAD_REQUEST;
            case NOT_OWN_RUN -> HttpStatus.FORBIDDEN;
            case PORTAL_SET -> HttpStatus.CONFLICT;
            case TOO_LARGE -> HttpStatus.CONTENT_TOO_LARGE;
            case QUOTA -> HttpStatus.TOO_MANY_REQUESTS;
        };
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.userMessage());
        if (e.kind() == ReportRefusedException.Kind.QUOTA) {
            problem.setTitle("Storage quota used up");
        }
        return problem;
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ProblemDetail tooLarge(MaxUploadSizeExceededException e) {
        return ProblemDetail.forStatusAndDetail(
                HttpStatus.CONTENT_TOO_LARGE,
                "The file is larger than " + reporting.maxArtifactBytes() + " bytes, the most an artifact may be.");
    }
}
