package io.federa.kubernetes.internal;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.federa.kubernetes.KubernetesFeature;
import io.federa.kubernetes.KubernetesRejectedException;
import io.federa.kubernetes.KubernetesUnavailableException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import org.jspecify.annotations.Nullable;

/**
 * One Kubernetes cluster's API server as this module uses it: version and discovery, the portal's
 * custom resources as generic objects, list and watch. Every call but a watch goes through the
 * cluster's circuit breaker; fabric8's exceptions are translated into the module's ({@link
 * KubernetesUnavailableException}: could not get an answer; {@link KubernetesRejectedException}: the
 * API server answered no).
 */
final class KubeApi implements AutoCloseable {

    /**
     * How often a read-change-write is tried when the write meets a conflict (409: someone wrote the
     * object between the read and the write), before the conflict is thrown.
     */
    static final int WRITE_ATTEMPTS = 3;

    private final String cluster;
    private final KubernetesClient client;
    private final CircuitBreaker breaker;
    private final Duration openFor;
    private final Instant settingsOf;
    private volatile String lastFailure = "none";

    KubeApi(String cluster, KubernetesClient client, CircuitBreaker breaker, Duration openFor, Instant settingsOf) {
        this.cluster = cluster;
        this.client = client;
        this.breaker = breaker;
        this.openFor = openFor;
        this.settingsOf = settingsOf;
    }

    String cluster() {
        return cluster;
    }

    /** When the registry settings this client was built from were saved: a new value means a new client. */
    Instant settingsOf() {
        return settingsOf;
    }

    /** What the health check needs: the version, which of the portal's kinds are served, the latency. */
    record Probe(String version, Set<KubernetesFeature> features, Duration latency) {}

    Probe probe() {
        return call(() -> {
            long started = System.nanoTime();
            String version = client.getKubernetesVersion().getGitVersion();
            Duration latency = Duration.ofNanos(System.nanoTime() - started);
            var features = EnumSet.noneOf(KubernetesFeature.class);
            for (String groupVersion : List.of("kubeflow.org/v1", "serving.kserve.io/v1beta1")) {
                APIResourceList resources = client.getApiResources(groupVersion);
                if (resources == null) {
                    continue;
                }
                for (KubernetesFeature f : KubernetesFeature.values()) {
                    if (f.apiVersion().equals(groupVersion)
                            && resources.getResources().stream()
                                    .map(APIResource::getName)
                                    .anyMatch(f.plural()::equals)) {
                        features.add(f);
                    }
                }
            }
            return new Probe(version == null ? "" : version, features, latency);
        });
    }

    Optional<GenericKubernetesResource> get(KubernetesFeature kind, @Nullable String namespace, String name) {
        return call(() -> Optional.ofNullable(in(kind, namespace).withName(name).get()));
    }

    GenericKubernetesResource create(KubernetesFeature kind, GenericKubernetesResource object) {
        return call(() ->
                in(kind, object.getMetadata().getNamespace()).resource(object).create());
    }

    /** PUT: replaces the object; its metadata.resourceVersion must be current (else 409). */
    GenericKubernetesResource replace(KubernetesFeature kind, GenericKubernetesResource object) {
        return call(() ->
                in(kind, object.getMetadata().getNamespace()).resource(object).update());
    }

    void delete(KubernetesFeature kind, @Nullable String namespace, String name) {
        call(() -> in(kind, namespace).withName(name).delete());
    }

    /** The objects matching the label selector (every namespace), and the list's resourceVersion. */
    record Listed(List<GenericKubernetesResource> items, String resourceVersion) {}

    Listed list(KubernetesFeature kind, String labelSelector) {
        return call(() -> {
            GenericKubernetesResourceList list = all(kind)
                    .withLabelSelector(labelSelector)
                    .list(new ListOptionsBuilder()
                            .withLabelSelector(labelSelector)
                            .build());
            return new Listed(list.getItems(), list.getMetadata().getResourceVersion());
        });
    }

    /**
     * Opens a watch from {@code resourceVersion} (bookmarks on). Not through the breaker: a watch is
     * long-lived; fabric8 reconnects it by itself with backoff and reports 410 through {@code
     * onClose}.
     *
     * @throws KubernetesUnavailableException when it cannot be opened (429 included)
     */
    Watch watch(
            KubernetesFeature kind,
            String labelSelector,
            String resourceVersion,
            Watcher<GenericKubernetesResource> watcher) {
        try {
            return all(kind)
                    .withLabelSelector(labelSelector)
                    .watch(
                            new ListOptionsBuilder()
                                    .withLabelSelector(labelSelector)
                                    .withResourceVersion(resourceVersion)
                                    .withAllowWatchBookmarks(true)
                                    .build(),
                            watcher);
        } catch (KubernetesClientException e) {
            RuntimeException translated = translate(e);
            if (translated instanceof Unreachable u) {
                throw new KubernetesUnavailableException(cluster, u.reason(), e);
            }
            throw translated;
        }
    }

    /** The object's spec, status or another top-level field as JSON ("{}" when absent). */
    String json(GenericKubernetesResource object, String field) {
        Object value = object.getAdditionalProperties().get(field);
        return value == null ? "{}" : asJson(value);
    }

    String asJson(Object value) {
        return client.getKubernetesSerialization().asJson(value);
    }

    private MixedOperation<
                    GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
            operation(KubernetesFeature kind) {
        return client.genericKubernetesResources(new ResourceDefinitionContext.Builder()
                .withGroup(kind.group())
                .withVersion(kind.version())
                .withPlural(kind.plural())
                .withKind(kind.kind())
                .withNamespaced(kind.namespaced())
                .build());
    }

    private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<
                    GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
            in(KubernetesFeature kind, @Nullable String namespace) {
        var op = operation(kind);
        return kind.namespaced() ? op.inNamespace(namespace == null ? "default" : namespace) : op;
    }

    private io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable<
                    GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
            all(KubernetesFeature kind) {
        var op = operation(kind);
        return kind.namespaced() ? op.inAnyNamespace() : op;
    }

    private <T> T call(Supplier<T> work) {
        try {
            return breaker.executeSupplier(() -> {
                try {
                    return work.get();
                } catch (KubernetesClientException e) {
                    throw translate(e);
                }
            });
        } catch (Unreachable e) {
            lastFailure = e.reason();
            throw new KubernetesUnavailableException(cluster, e.reason(), e);
        } catch (CallNotPermittedException e) {
            throw new KubernetesUnavailableException(
                    cluster,
                    "it failed repeatedly, so the portal stops calling it for " + openFor.toSeconds()
                            + " s (last failure: " + lastFailure + ")");
        }
    }

    private void call(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }

    /**
     * No answer, an answer that says the server cannot serve (5xx, 429), or credentials refused on
     * every call (401, 403): {@link Unreachable}, which counts against the breaker. Any other refusal
     * is the server's verdict on this request: {@link KubernetesRejectedException}.
     */
    private RuntimeException translate(KubernetesClientException e) {
        int code = e.getCode();
        Status status = e.getStatus();
        String message = status != null && status.getMessage() != null ? status.getMessage() : "";
        if (code == 0 || code == -1) {
            return new Unreachable(transportReason(e));
        }
        if (code == 401) {
            return new Unreachable("the API server does not accept the portal's credentials (HTTP 401)");
        }
        if (code == 403) {
            return new Unreachable("the API server refuses the portal's credentials (HTTP 403): " + message);
        }
        if (code == 429 || code >= 500) {
            return new Unreachable("the API server answered HTTP " + code + (message.isEmpty() ? "" : ": " + message));
        }
        return new KubernetesRejectedException(
                cluster, code, message.isEmpty() ? "HTTP " + code : message, causes(status));
    }

    private static List<String> causes(@Nullable Status status) {
        var causes = new ArrayList<String>();
        if (status != null && status.getDetails() != null && status.getDetails().getCauses() != null) {
            for (StatusCause c : status.getDetails().getCauses()) {
                causes.add((c.getField() == null ? "" : c.getField() + ": ") + c.getMessage());
            }
        }
        return causes;
    }

    /** Why a request got no answer, in plain words; never the request itself (it may carry a token). */
    private static String transportReason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return "connection refused (is the API server running?)";
            }
            if (t instanceof HttpConnectTimeoutException) {
                return "no connection within the connect time-out";
            }
            if (t instanceof HttpTimeoutException || t instanceof InterruptedIOException) {
                return "no answer within the request time-out";
            }
            if (t instanceof SSLException) {
                return "TLS failed: " + t.getMessage() + " (is the CA certificate right?)";
            }
            if (t instanceof java.security.GeneralSecurityException) {
                return "the credentials or CA cannot be used: " + t.getClass().getSimpleName();
            }
            if (t instanceof IOException && t.getCause() == null) {
                return "connection failed: " + t.getMessage();
            }
        }
        return "connection failed: " + e.getClass().getSimpleName();
    }

    @Override
    public void close() {
        client.close();
    }

    /** Inside this class: no answer; counts against the breaker. */
    static final class Unreachable extends RuntimeException {

        Unreachable(String reason) {
            super(reason, null, false, false);
        }

        String reason() {
            return String.valueOf(getMessage());
        }
    }
}
