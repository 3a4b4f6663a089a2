package io.federa.clusters.internal.slurm;

import io.federa.clusters.ClusterUnavailableException;
import io.federa.clusters.SlurmError;
import io.federa.clusters.SlurmException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends one cluster's requests: authentication headers, the circuit breaker, retries of reads, the
 * {@code errors} array of every answer, metrics, and the translation of every failure into {@link
 * SlurmException} (Slurm refused) or {@link ClusterUnavailableException} (no usable answer).
 *
 * <p>What counts against the breaker: transport failures, time-outs, 5xx without an {@code errors}
 * array, rejected authentication. Slurm's refusals (2050 over quota, 2045 invalid account, ...) are
 * healthy answers. Decisions: docs/adr (see the report of the slurm-client branch).
 */
final class SlurmHttp {

    static final String USER_HEADER = "X-SLURM-USER-NAME";
    static final String TOKEN_HEADER = "X-SLURM-USER-TOKEN";
    static final String METRIC = "federa.slurm.requests";

    private static final Logger log = LoggerFactory.getLogger(SlurmHttp.class);
    private static final MediaType JSON = MediaType.get("application/json");

    private final ClusterConnection connection;
    private final HttpUrl baseUrl;
    private final OkHttpClient http;
    private final CircuitBreaker breaker;
    private final Retry retry;
    private final MeterRegistry meters;
    private final TokenSource tokens;
    private final JsonMapper json;
    private final Duration openFor;
    private final SlurmProperties properties;
    private volatile String lastFailure = "none recorded";
    private volatile String lastFailureDetail = "none recorded";

    SlurmHttp(
            ClusterConnection connection,
            OkHttpClient http,
            CircuitBreaker breaker,
            Retry retry,
            MeterRegistry meters,
            TokenSource tokens,
            JsonMapper json,
            SlurmProperties properties) {
        this.connection = connection;
        HttpUrl url = HttpUrl.parse(connection.url().toString());
        if (url == null) {
            throw new IllegalArgumentException("not an http(s) URL: " + connection.safeUrl());
        }
        this.baseUrl = url;
        this.http = http;
        this.breaker = breaker;
        this.retry = retry;
        this.meters = meters;
        this.tokens = tokens;
        this.json = json;
        this.openFor = properties.circuitOpenFor();
        this.properties = properties;
    }

    String cluster() {
        return connection.name();
    }

    String adminUser() {
        return connection.adminUser();
    }

    /** Runs the call acting as {@code slurmUser}. */
    <T> T execute(String slurmUser, SlurmCall<T> call) {
        String token = tokens.tokenFor(slurmUser);
        long started = System.nanoTime();
        String outcome = "unavailable";
        try {
            Supplier<T> attempt = CircuitBreaker.decorateSupplier(breaker, () -> once(slurmUser, token, call));
            if (call.idempotentRead()) {
                attempt = Retry.decorateSupplier(retry, attempt);
            }
            T result = attempt.get();
            outcome = "success";
            return result;
        } catch (SlurmException e) {
            outcome = "slurm_error";
            throw e;
        } catch (Unavailable e) {
            lastFailure = e.reason();
            lastFailureDetail = e.detail();
            throw new ClusterUnavailableException(
                    cluster(), e.reason(), e.detail(), e.getCause() != null ? e.getCause() : e);
        } catch (CallNotPermittedException e) {
            String pause = "it failed repeatedly, so the portal stops calling it for " + seconds(openFor);
            throw new ClusterUnavailableException(
                    cluster(),
                    pause + " (last failure: " + lastFailure + ")",
                    pause + " (last failure: " + lastFailureDetail + ")",
                    e,
                    false); // the breaker refused the call: nothing left the portal
        } finally {
            Timer.builder(METRIC)
                    .description("Calls to slurmrestd, retries and fast failures included")
                    .tag("cluster", cluster())
                    .tag("method", call.method())
                    .tag("endpoint", call.endpoint())
                    .tag("outcome", outcome)
                    .register(meters)
                    .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
    }

    private <T> T once(String slurmUser, String token, SlurmCall<T> call) {
        Request request = request(slurmUser, token, call);
        long started = System.nanoTime();
        try (Response response = http.newCall(request).execute()) {
            int status = response.code();
            byte[] body = response.body().bytes();
            log.debug(
                    "{} {} {} -> {} in {} ms",
                    cluster(),
                    call.method(),
                    call.path(),
                    status,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return answer(call, status, body);
        } catch (IOException e) {
            log.debug(
                    "{} {} {} -> {} after {} ms",
                    cluster(),
                    call.method(),
                    call.path(),
                    e.getClass().getSimpleName(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            throw transportFailure(e);
        }
    }

    private <T> T answer(SlurmCall<T> call, int status, byte[] body) {
        if (status == 401 || status == 403 || status == 511) {
            throw new Unavailable(authRejected("HTTP " + status), false);
        }
        if (call.answersWithoutBody().containsKey(status)) {
            return call.answersWithoutBody().get(status);
        }
        List<SlurmError> errors = SlurmErrors.read(json, body);
        if (!errors.isEmpty()) {
            if (SlurmErrors.meanAuthenticationFailure(errors)) {
                throw new Unavailable(
                        authRejected("Slurm said: " + errors.getFirst().message()), false);
            }
            throw new SlurmException(cluster(), status, errors);
        }
        if (status == 404) {
            throw new Unavailable(
                    "slurmrestd does not serve " + call.path(),
                    "slurmrestd at " + connection.safeUrl() + " does not serve " + call.path(),
                    false,
                    null);
        }
        if (status >= 500) {
            throw new Unavailable("slurmrestd answered HTTP " + status + " without saying why", true);
        }
        if (status >= 300) {
            throw new SlurmException(cluster(), status, List.of());
        }
        try {
            return call.parser().parse(body);
        } catch (Exception e) {
            throw new Unavailable(
                    "slurmrestd's answer to " + call.endpoint() + " could not be read ("
                            + e.getClass().getSimpleName() + ")",
                    false,
                    e);
        }
    }

    private String authRejected(String detail) {
        return "authentication rejected: check the cluster's JWT key or token (" + detail + ")";
    }

    private Request request(String slurmUser, String token, SlurmCall<?> call) {
        HttpUrl.Builder url = baseUrl.newBuilder().addPathSegments(call.path().replaceFirst("^/+", ""));
        call.query().forEach(url::addQueryParameter);
        var builder = new Request.Builder()
                .url(url.build())
                .header(USER_HEADER, slurmUser)
                .header(TOKEN_HEADER, token)
                .header("Accept", "application/json");
        byte[] body = call.body();
        return switch (call.method()) {
            case "GET" -> builder.get().build();
            case "DELETE" -> builder.delete().build();
            case "POST" ->
                builder.post(RequestBody.create(body != null ? body : new byte[0], JSON))
                        .build();
            default -> throw new IllegalArgumentException("unsupported method " + call.method());
        };
    }

    private Unavailable transportFailure(IOException e) {
        // the reason is for everyone; where it went wrong (an internal address) only for admins and logs
        String where = connection.safeUrl();
        String within = " within " + seconds(properties.connectTimeout());
        return switch (e) {
            case ConnectException c -> new Unavailable("connection refused", "connection refused at " + where, true, e);
            case UnknownHostException u ->
                new Unavailable("its host name is unknown", "unknown host in " + where, false, e);
            case SocketTimeoutException s
            when isConnectTimeout(s) ->
                new Unavailable("no connection" + within, "no connection to " + where + within, true, e);
            case InterruptedIOException t ->
                // a slow controller is not helped by more load: time-outs are not retried
                new Unavailable(
                        "no answer in time (timeout)", "no answer from " + where + " in time (timeout)", false, e);
            default ->
                new Unavailable(
                        "the connection failed",
                        "connection to " + where + " failed (" + e.getMessage() + ")",
                        true,
                        e);
        };
    }

    private static boolean isConnectTimeout(SocketTimeoutException e) {
        return String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("connect");
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    static boolean shouldRetry(@Nullable Throwable t) {
        return t instanceof Unavailable u && u.retryable();
    }
}
