package io.federa.clusters.internal.slurm;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One slurmrestd request as an adapter describes it, and how to read its answer. The client adds
 * authentication, time-outs, the circuit breaker, retries (GET only) and metrics.
 *
 * @param endpoint the path template for metrics and logs, e.g. {@code /slurm/{v}/job/{job_id}}
 * @param path the real path, e.g. {@code /slurm/v0.0.38/job/42}
 * @param body JSON for POST, null otherwise
 * @param parser reads a successful answer whose {@code errors} array was empty
 * @param answersWithoutBody statuses that are a normal answer without a body (304 Not Modified to a
 *     jobs request with {@code update_time}, 404 to a version probe) and the value they mean
 */
public record SlurmCall<T>(
        String method,
        String endpoint,
        String path,
        Map<String, String> query,
        byte @Nullable [] body,
        Parser<T> parser,
        Map<Integer, T> answersWithoutBody) {

    public SlurmCall {
        query = Map.copyOf(query);
        answersWithoutBody = Map.copyOf(answersWithoutBody);
    }

    /** Reads the body of a 2xx answer; may throw anything, which the client reports as a bad answer. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(byte[] body) throws Exception;
    }

    public static <T> SlurmCall<T> get(String endpoint, String path, Parser<T> parser) {
        return new SlurmCall<>("GET", endpoint, path, Map.of(), null, parser, Map.of());
    }

    public static <T> SlurmCall<T> post(String endpoint, String path, byte[] body, Parser<T> parser) {
        return new SlurmCall<>("POST", endpoint, path, Map.of(), body, parser, Map.of());
    }

    public static <T> SlurmCall<T> delete(String endpoint, String path, Parser<T> parser) {
        return new SlurmCall<>("DELETE", endpoint, path, Map.of(), null, parser, Map.of());
    }

    public SlurmCall<T> withQuery(Map<String, String> query) {
        return new SlurmCall<>(method, endpoint, path, query, body, parser, answersWithoutBody);
    }

    public SlurmCall<T> withAnswer(int status, T value) {
        var answers = new java.util.HashMap<>(answersWithoutBody);
        answers.put(status, value);
        return new SlurmCall<>(method, endpoint, path, query, body, parser, answers);
    }

    public boolean idempotentRead() {
        return "GET".equals(method);
    }
}
