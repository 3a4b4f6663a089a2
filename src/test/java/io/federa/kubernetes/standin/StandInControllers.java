package io.federa.kubernetes.standin;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.federa.kubernetes.KubernetesFeature;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * STAND-IN CONTROLLERS — test and demo code, never part of the portal.
 *
 * <p>No kubelet, no core API and no Kubeflow or KServe controller runs on the local API servers (FACTS
 * §5), so nothing would ever write the status of a Profile, Notebook or InferenceService there. These
 * stand-ins watch the custom resources on the real API server and do what the real controllers do to
 * the custom resources themselves: add and remove finalizers, write {@code status} through the {@code
 * /status} subresource, in the shapes Kubeflow's notebook-controller and profile-controller and
 * KServe's controller write. The portal's code is exactly what runs against a real cluster; it cannot
 * tell the difference.
 *
 * <p>Each kind is a {@link StandIn}; the notebook and serving work extends {@link NotebookStandIn} and
 * {@link InferenceServiceStandIn} to run the workload locally (Jupyter, a small model server) and
 * report its real state.
 */
public final class StandInControllers implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(StandInControllers.class);

    /** What one controller does with one object of its kind; called on every add and update. */
    public interface StandIn {

        KubernetesFeature kind();

        /**
         * Brings the object to what the real controller would make of it (finalizers, status) through
         * {@code client}; must be idempotent, since its own writes come back as updates.
         */
        void reconcile(KubernetesClient client, GenericKubernetesResource object);

        /** The object is gone (the real controller would clean up what it created). */
        default void deleted(KubernetesClient client, GenericKubernetesResource object) {}
    }

    private final KubernetesClient client;
    private final List<SharedIndexInformer<GenericKubernetesResource>> informers = new ArrayList<>();

    private StandInControllers(KubernetesClient client) {
        this.client = client;
    }

    /**
     * Starts the stand-ins on the cluster behind {@code client} (an admin's), for the objects matching
     * {@code labelSelector} (null: all, as a real controller; a test passes its own labels so that
     * parallel test runs on one API server leave each other's objects alone).
     */
    public static StandInControllers start(
            KubernetesClient client, @Nullable String labelSelector, List<? extends StandIn> standIns) {
        var controllers = new StandInControllers(client);
        for (StandIn standIn : standIns) {
            controllers.informers.add(controllers.inform(standIn, labelSelector));
        }
        return controllers;
    }

    /** The stand-ins of the three kinds the portal uses. */
    public static List<StandIn> all() {
        return List.of(new ProfileStandIn(), new NotebookStandIn(), new InferenceServiceStandIn());
    }

    static ResourceDefinitionContext context(KubernetesFeature kind) {
        return new ResourceDefinitionContext.Builder()
                .withGroup(kind.group())
                .withVersion(kind.version())
                .withPlural(kind.plural())
                .withKind(kind.kind())
                .withNamespaced(kind.namespaced())
                .build();
    }

    private SharedIndexInformer<GenericKubernetesResource> inform(StandIn standIn, @Nullable String labelSelector) {
        var op = client.genericKubernetesResources(context(standIn.kind()));
        var scoped = standIn.kind().namespaced() ? op.inAnyNamespace() : op;
        var selected = labelSelector == null ? scoped : scoped.withLabelSelector(labelSelector);
        return selected.inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(GenericKubernetesResource object) {
                reconcile(standIn, object);
            }

            @Override
            public void onUpdate(GenericKubernetesResource old, GenericKubernetesResource object) {
                reconcile(standIn, object);
            }

            @Override
            public void onDelete(GenericKubernetesResource object, boolean unknownFinalState) {
                standIn.deleted(client, object);
            }
        });
    }

    private void reconcile(StandIn standIn, GenericKubernetesResource object) {
        try {
            standIn.reconcile(client, object);
        } catch (KubernetesClientException e) {
            // a conflict (409) or a vanished object: the next event brings the current state
            log.debug(
                    "stand-in {} on {}: {}",
                    standIn.kind().kind(),
                    Objects.requireNonNullElse(object.getMetadata().getName(), "?"),
                    e.getMessage());
        }
    }

    /**
     * The three stand-ins with Notebooks run as local Jupyter behind a {@link NotebookGateway} (ADR
     * 0031); the caller closes {@code notebooks} (its Jupyter processes) after these controllers.
     */
    public static List<StandIn> withJupyter(JupyterNotebookStandIn notebooks) {
        return List.of(new ProfileStandIn(), notebooks, new InferenceServiceStandIn());
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
        informers.clear();
    }
}
