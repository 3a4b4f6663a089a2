package io.federa.shared.internal;

import io.federa.shared.AuditEvents;
import io.federa.shared.Problems;
import io.federa.shared.UserFacingException;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.MethodParameter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The REST API's one error format (RFC 9457 {@code application/problem+json}): every exception that
 * escapes a controller, and every error status a controller returns without a body, answers a
 * problem with {@code type}, {@code title}, {@code status}, {@code detail}; several problems are
 * listed under {@code problems}, field problems under {@code errors} ({@code field}, {@code detail}).
 *
 * <ul>
 *   <li>{@link UserFacingException}: its {@link UserFacingException#problemStatus()} (400 bad input,
 *       403 not allowed, 409 conflict, 503 cluster unavailable), its message as the detail;
 *   <li>Spring Security's access denied: 403 (and an audit entry, as for {@code NotAllowedException});
 *   <li>unreadable bodies, wrong parameter types, missing parameters: 400; a body over the size
 *       limit: 413; bean-validation failures: 422 with the fields;
 *   <li>anything else: 500 with an incident id, the stack trace only in the log.
 * </ul>
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler implements ResponseBodyAdvice<Object> {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

    private final AuditEvents audit;

    ProblemDetailsAdvice(AuditEvents audit) {
        this.audit = audit;
    }

    @ExceptionHandler(UserFacingException.class)
    ResponseEntity<ProblemDetail> userFacing(UserFacingException e, HttpServletRequest request) {
        int status = e.problemStatus();
        var problem = Problems.of(status, Problems.slugOf(e.getClass()), e.userMessage());
        if (!e.problems().isEmpty()) {
            problem.setProperty("problems", e.problems());
        }
        if (status == 403) {
            audit.refused(request.getMethod() + " " + request.getRequestURI(), e.userMessage());
        }
        return problem(problem);
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<ProblemDetail> accessDenied(AccessDeniedException e, HttpServletRequest request) {
        String detail = "You are not allowed to do that.";
        audit.refused(request.getMethod() + " " + request.getRequestURI(), "role required (" + e.getMessage() + ")");
        return problem(Problems.of(403, "not-allowed", detail));
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ProblemDetail> typeMismatch(MethodArgumentTypeMismatchException e) {
        var problem =
                Problems.of(400, "bad-request", "Parameter \"" + e.getName() + "\" has a value of the wrong type.");
        problem.setProperty("errors", List.of(Map.of("field", e.getName(), "detail", "not a valid " + typeName(e))));
        return problem(problem);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        String incident = HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        log.error("incident {}: unhandled error in a REST call", incident, e);
        return problem(Problems.of(
                500, "internal", "Something went wrong on our side (incident " + incident + "). It has been logged."));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        BindingResult result = e.getBindingResult();
        var problem = Problems.of(422, "invalid-fields", "Some fields are not valid.");
        problem.setProperty(
                "errors",
                result.getFieldErrors().stream()
                        .map(f -> Map.of(
                                "field",
                                f.getField(),
                                "detail",
                                f.getDefaultMessage() == null ? "invalid" : f.getDefaultMessage()))
                        .toList());
        return new ResponseEntity<>(problem, problemHeaders(), 422);
    }

    /** Spring's own exceptions (400, 404, 405, 413, 415 …) come out as problems already: give them a type. */
    @Override
    protected @Nullable ResponseEntity<Object> handleExceptionInternal(
            Exception ex, @Nullable Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        ResponseEntity<Object> entity = super.handleExceptionInternal(ex, body, headers, statusCode, request);
        if (entity != null && entity.getBody() instanceof ProblemDetail problem) {
            typed(problem);
        }
        return entity;
    }

    // --- error statuses returned without a body (ResponseEntity.notFound().build()) -----------------

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return true;
    }

    @Override
    public @Nullable Object beforeBodyWrite(
            @Nullable Object body,
            MethodParameter returnType,
            MediaType selectedContentType,
            Class<? extends HttpMessageConverter<?>> selectedConverterType,
            ServerHttpRequest request,
            ServerHttpResponse response) {
        if (body instanceof ProblemDetail problem) {
            typed(problem);
            response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
            return problem;
        }
        if (body != null
                || !(response instanceof ServletServerHttpResponse servlet)
                || servlet.getServletResponse().getStatus() < 400) {
            return body;
        }
        int status = servlet.getServletResponse().getStatus();
        String detail = status == 404
                ? "There is no such resource, or not one you may see."
                : HttpStatus.valueOf(status).getReasonPhrase();
        var problem = Problems.of(status, status == 404 ? "not-found" : slug(status), detail);
        if (request instanceof ServletServerHttpRequest r) {
            problem.setInstance(URI.create(r.getServletRequest().getRequestURI()));
        }
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return problem;
    }

    private static void typed(ProblemDetail problem) {
        if (problem.getType() == null || "about:blank".equals(problem.getType().toString())) {
            problem.setType(URI.create(Problems.TYPE_PREFIX + slug(problem.getStatus())));
        }
        if (problem.getTitle() == null) {
            HttpStatus known = HttpStatus.resolve(problem.getStatus());
            problem.setTitle(known == null ? "Error" : known.getReasonPhrase());
        }
        if (problem.getDetail() == null) {
            problem.setDetail(problem.getTitle());
        }
    }

    private static String slug(int status) {
        HttpStatus known = HttpStatus.resolve(status);
        return known == null ? "error-" + status : Problems.slugOf(known.name().replace('_', ' '));
    }

    private static String typeName(MethodArgumentTypeMismatchException e) {
        Class<?> type = e.getRequiredType();
        return type == null ? "value" : type.getSimpleName();
    }

    private static ResponseEntity<ProblemDetail> problem(ProblemDetail problem) {
        return new ResponseEntity<>(problem, problemHeaders(), problem.getStatus());
    }

    private static HttpHeaders problemHeaders() {
        var headers = new HttpHeaders();
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return headers;
    }
}
