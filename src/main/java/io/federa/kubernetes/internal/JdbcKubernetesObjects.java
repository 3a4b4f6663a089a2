package io.federa.kubernetes.internal;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.federa.kubernetes.FederaLabels;
import io.federa.kubernetes.KubernetesFeature;
import io.federa.kubernetes.KubernetesObjects;
import io.federa.kubernetes.KubernetesRejectedException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Service;

/** The portal's namespaced objects, written through the cluster's {@link KubeApi} (its circuit breaker). */
@Service
class JdbcKubernetesObjects implements KubernetesObjects {

    private final KubeClients clients;
    private final String instance;

    JdbcKubernetesObjects(KubeClients clients, KubernetesProperties props) {
        this.clients = clients;
        this.instance = props.instance();
    }

    @Override
    public void create(
            String cluster,
            KubernetesFeature kind,
            String namespace,
            String name,
            Map<String, String> labels,
            Map<String, String> annotations,
            Map<String, Object> spec) {
        Map<String, String> all = new LinkedHashMap<>(labels);
        all.put(FederaLabels.MANAGED_BY, FederaLabels.MANAGED_BY_VALUE);
        all.put(FederaLabels.INSTANCE, instance);
        GenericKubernetesResource object = new GenericKubernetesResourceBuilder()
                .withApiVersion(kind.apiVersion())
                .withKind(kind.kind())
                .withNewMetadata()
                .withName(name)
                .withNamespace(namespace)
                .withLabels(all)
                .withAnnotations(annotations)
                .endMetadata()
                .build();
        object.setAdditionalProperty("spec", spec);
        clients.forCluster(cluster).create(kind, object);
    }

    @Override
    public void annotate(
            String cluster,
            KubernetesFeature kind,
            String namespace,
            String name,
            Map<String, @Nullable String> changes) {
        KubeApi api = clients.forCluster(cluster);
        for (int attempt = 1; ; attempt++) {
            Optional<GenericKubernetesResource> current = ours(api, kind, namespace, name);
            if (current.isEmpty()) {
                return;
            }
            GenericKubernetesResource object = current.get();
            Map<String, String> annotations = new LinkedHashMap<>(
                    Objects.requireNonNullElse(object.getMetadata().getAnnotations(), Map.of()));
            changes.forEach((k, v) -> {
                if (v == null) {
                    annotations.remove(k);
                } else {
                    annotations.put(k, v);
                }
            });
            object.getMetadata().setAnnotations(annotations);
            try {
                api.replace(kind, object);
                return;
            } catch (KubernetesRejectedException e) {
                if (e.status() != 409 || attempt >= KubeApi.WRITE_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    @Override
    public Optional<Map<String, String>> annotations(
            String cluster, KubernetesFeature kind, String namespace, String name) {
        return ours(clients.forCluster(cluster), kind, namespace, name)
                .map(o -> Map.copyOf(Objects.requireNonNullElse(o.getMetadata().getAnnotations(), Map.of())));
    }

    @Override
    public void delete(String cluster, KubernetesFeature kind, String namespace, String name) {
        KubeApi api = clients.forCluster(cluster);
        if (ours(api, kind, namespace, name).isPresent()) {
            api.delete(kind, namespace, name);
        }
    }

    private Optional<GenericKubernetesResource> ours(
            KubeApi api, KubernetesFeature kind, String namespace, String name) {
        return api.get(kind, namespace, name).filter(o -> {
            Map<String, String> labels =
                    Objects.requireNonNullElse(o.getMetadata().getLabels(), Map.of());
            return FederaLabels.MANAGED_BY_VALUE.equals(labels.get(FederaLabels.MANAGED_BY))
                    && instance.equals(labels.get(FederaLabels.INSTANCE));
        });
    }
}
