package io.federa.kubernetes.internal;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.federa.kubernetes.FederaLabels;
import io.federa.kubernetes.InferenceServices;
import io.federa.kubernetes.KubernetesFeature;
import io.federa.kubernetes.KubernetesRejectedException;
import io.federa.kubernetes.KubernetesResources;
import io.federa.kubernetes.MirroredResource;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;

/** Create-or-replace of the portal's InferenceServices; status comes from the mirror. */
@Service
class InferenceServiceWriter implements InferenceServices {

    private static final KubernetesFeature KIND = KubernetesFeature.INFERENCE_SERVICES;

    private final KubeClients clients;
    private final KubernetesProperties props;
    private final JdbcKubernetesResources mirror;

    InferenceServiceWriter(KubeClients clients, KubernetesProperties props, KubernetesResources mirror) {
        this.clients = clients;
        this.props = props;
        this.mirror = (JdbcKubernetesResources) mirror;
    }

    /**
     * Read, change, write: a controller writing the object's status between the read and the write
     * makes the write a conflict (409), so it is read and written again, {@value
     * KubeApi#WRITE_ATTEMPTS} times at most (as {@link JdbcKubernetesObjects#annotate} does); the same
     * for a create that finds the object created meanwhile.
     */
    @Override
    public String apply(
            String cluster, String namespace, String name, String team, String owner, Map<String, Object> spec) {
        KubeApi api = clients.forCluster(cluster);
        for (int attempt = 1; ; attempt++) {
            Optional<GenericKubernetesResource> existing = api.get(KIND, namespace, name);
            GenericKubernetesResource object;
            if (existing.isPresent()) {
                object = existing.get();
                Map<String, String> labels = object.getMetadata().getLabels();
                if (labels == null
                        || !FederaLabels.MANAGED_BY_VALUE.equals(labels.get(FederaLabels.MANAGED_BY))
                        || !props.instance().equals(labels.get(FederaLabels.INSTANCE))) {
                    throw new KubernetesRejectedException(
                            cluster,
                            409,
                            "an InferenceService " + namespace + "/" + name
                                    + " exists that this portal does not manage",
                            List.of());
                }
                var newLabels = new HashMap<>(labels);
                newLabels.putAll(labels(team, owner));
                object.getMetadata().setLabels(newLabels);
            } else {
                object = new GenericKubernetesResource();
                object.setApiVersion(KIND.apiVersion());
                object.setKind(KIND.kind());
                object.setMetadata(new ObjectMetaBuilder()
                        .withName(name)
                        .withNamespace(namespace)
                        .withLabels(labels(team, owner))
                        .build());
            }
            object.setAdditionalProperty("spec", spec);
            try {
                return (existing.isPresent() ? api.replace(KIND, object) : api.create(KIND, object))
                        .getMetadata()
                        .getResourceVersion();
            } catch (KubernetesRejectedException e) {
                if (e.status() != 409 || attempt >= KubeApi.WRITE_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private Map<String, String> labels(String team, String owner) {
        return Map.of(
                FederaLabels.MANAGED_BY,
                FederaLabels.MANAGED_BY_VALUE,
                FederaLabels.INSTANCE,
                props.instance(),
                FederaLabels.TEAM,
                team,
                FederaLabels.OWNER,
                owner);
    }

    @Override
    public Optional<MirroredResource> mirrored(String cluster, String namespace, String name) {
        return mirror.find(cluster, KIND, namespace, name);
    }
}
