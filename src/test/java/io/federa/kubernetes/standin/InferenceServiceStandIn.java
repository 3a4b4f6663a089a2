package io.federa.kubernetes.standin;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.federa.kubernetes.KubernetesFeature;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * STAND-IN for KServe's controller, Knative's routing and the predictor's pods (docs/adr/0033). For
 * each InferenceService it runs, locally, what KServe would run in the cluster: per revision (a
 * {@code storageUri} + model format) a {@link ModelServer} that fetches the model and serves it with
 * the Open Inference Protocol v2, and in front of them one {@link TrafficRouter} whose address is the
 * InferenceService's {@code status.url}. It writes the status KServe writes: {@code url}, conditions
 * {@code IngressReady}, {@code PredictorReady} and {@code Ready} (False with KServe's reason and a
 * message when the model cannot be fetched, is not a model, or its format is not served),
 * {@code components.predictor} with the revisions and the traffic split, and {@code modelStatus}.
 *
 * <p>Canary as KServe does it: with {@code spec.predictor.canaryTrafficPercent} P while an earlier
 * revision is rolled out, the new revision takes P % and the rolled-out one the rest; without P (or
 * at 100) the new revision is rolled out once ready and the old one stops; a new revision that fails
 * leaves the rolled-out one serving. Deleting the InferenceService stops its servers.
 *
 * <p>What revisions exist is kept in memory (Knative keeps them in the cluster): a restarted stand-in
 * starts from the current spec's revision alone.
 */
public class InferenceServiceStandIn implements StandInControllers.StandIn, AutoCloseable {

    private static final Pattern REVISION_NUMBER = Pattern.compile("-(\\d{5})$");

    private final Clock clock;
    private final Map<String, Served> services = new ConcurrentHashMap<>();

    public InferenceServiceStandIn() {
        this(Clock.systemUTC());
    }

    public InferenceServiceStandIn(Clock clock) {
        this.clock = clock;
    }

    /** What runs for one InferenceService. */
    private static final class Served {
        final TrafficRouter router = new TrafficRouter();
        final List<ModelServer> revisions = new ArrayList<>();
        int lastNumber;

        @Nullable
        ModelServer rolledOut;

        @Nullable
        String previousRolledOut;

        void stopUnless(List<ModelServer> keep) {
            for (var it = revisions.iterator(); it.hasNext(); ) {
                ModelServer r = it.next();
                if (!keep.contains(r)) {
                    r.stop();
                    it.remove();
                }
            }
        }

        void stopAll() {
            revisions.forEach(ModelServer::stop);
            revisions.clear();
            router.close();
        }
    }

    @Override
    public KubernetesFeature kind() {
        return KubernetesFeature.INFERENCE_SERVICES;
    }

    @Override
    public void reconcile(KubernetesClient client, GenericKubernetesResource isvc) {
        String key = key(isvc);
        if (isvc.getMetadata().getDeletionTimestamp() != null) {
            stop(key);
            return;
        }
        Served served = services.computeIfAbsent(key, k -> new Served());
        Map<String, Object> wanted;
        synchronized (served) {
            if (services.get(key) != served) {
                return; // deleted meanwhile
            }
            wanted = reconcile(served, isvc);
        }
        Object current = isvc.getAdditionalProperties().get("status");
        wanted = keepTransitionTimes(wanted, current);
        if (Objects.equals(current, wanted)) {
            return;
        }
        isvc.setAdditionalProperty("status", wanted);
        client.genericKubernetesResources(StandInControllers.context(kind()))
                .resource(isvc)
                .updateStatus();
    }

    @Override
    public void deleted(KubernetesClient client, GenericKubernetesResource isvc) {
        stop(key(isvc));
    }

    /** The model server processes that serve the InferenceService now (tests check that they stop). */
    public List<ProcessHandle> processes(String namespace, String name) {
        Served served = services.get(namespace + "/" + name);
        if (served == null) {
            return List.of();
        }
        synchronized (served) {
            return served.revisions.stream()
                    .map(ModelServer::process)
                    .filter(Objects::nonNull)
                    .filter(ProcessHandle::isAlive)
                    .toList();
        }
    }

    @Override
    public void close() {
        List.copyOf(services.keySet()).forEach(this::stop);
    }

    private void stop(String key) {
        Served served = services.remove(key);
        if (served != null) {
            synchronized (served) {
                served.stopAll();
            }
        }
    }

    private Map<String, Object> reconcile(Served served, GenericKubernetesResource isvc) {
        String name = isvc.getMetadata().getName();
        Map<String, Object> predictor = map(spec(isvc).get("predictor"));
        Map<String, Object> model = map(predictor.get("model"));
        String storageUri = Objects.toString(model.get("storageUri"), "");
        String format = Objects.toString(map(model.get("modelFormat")).get("name"), "");
        Integer canary = predictor.get("canaryTrafficPercent") instanceof Number n ? n.intValue() : null;

        if (served.lastNumber == 0) {
            served.lastNumber = lastRevisionNumber(isvc);
        }
        ModelServer latest = served.revisions.stream()
                .filter(r -> r.storageUri.equals(storageUri) && r.format.equals(format))
                .findFirst()
                .orElseGet(() -> {
                    served.lastNumber++;
                    var started = ModelServer.start(
                            "%s-predictor-%05d".formatted(name, served.lastNumber), name, storageUri, format);
                    served.revisions.add(started);
                    return started;
                });

        var routes = new ArrayList<TrafficRouter.Route>();
        ModelServer rolled = served.rolledOut;
        if (!latest.ready()) {
            if (rolled != null) {
                routes.add(new TrafficRouter.Route(rolled.revision, rolled.url(), 100));
            }
        } else if (rolled == null || rolled == latest) {
            served.rolledOut = latest;
            routes.add(new TrafficRouter.Route(latest.revision, latest.url(), 100));
        } else if (canary != null && canary < 100) {
            int p = Math.max(0, canary);
            served.previousRolledOut = rolled.revision;
            routes.add(new TrafficRouter.Route(latest.revision, latest.url(), p));
            routes.add(new TrafficRouter.Route(rolled.revision, rolled.url(), 100 - p));
        } else {
            served.previousRolledOut = rolled.revision;
            served.rolledOut = latest;
            routes.add(new TrafficRouter.Route(latest.revision, latest.url(), 100));
        }
        // the latest revision stays even when it failed: it is not retried on every event (a new spec is)
        var keep = new ArrayList<ModelServer>(List.of(latest));
        if (served.rolledOut != null) {
            keep.add(served.rolledOut);
        }
        served.stopUnless(keep);
        served.router.route(routes);
        return status(isvc, served, latest, routes, canary != null && routes.size() == 2);
    }

    private Map<String, Object> status(
            GenericKubernetesResource isvc,
            Served served,
            ModelServer latest,
            List<TrafficRouter.Route> routes,
            boolean canary) {
        String url = served.router.url().toString();
        String at = clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
        var traffic = new ArrayList<Map<String, Object>>();
        for (TrafficRouter.Route r : routes) {
            var entry = new LinkedHashMap<String, Object>();
            entry.put("revisionName", r.revision());
            entry.put("percent", r.percent());
            entry.put("latestRevision", r.revision().equals(latest.revision));
            if (canary) {
                entry.put("tag", r.revision().equals(latest.revision) ? "latest" : "prev");
            }
            traffic.add(entry);
        }
        var component = new LinkedHashMap<String, Object>();
        component.put("url", url);
        component.put("address", Map.of("url", url));
        component.put("latestCreatedRevision", latest.revision);
        String ready = latest.ready() ? latest.revision : served.rolledOut == null ? null : served.rolledOut.revision;
        if (ready != null) {
            component.put("latestReadyRevision", ready);
        }
        if (served.rolledOut != null) {
            component.put("latestRolledoutRevision", served.rolledOut.revision);
        }
        if (served.previousRolledOut != null) {
            component.put("previousRolledoutRevision", served.previousRolledOut);
        }
        component.put("traffic", traffic);

        var status = new LinkedHashMap<String, Object>();
        status.put("url", url);
        status.put("address", Map.of("url", url));
        status.put("observedGeneration", isvc.getMetadata().getGeneration());
        status.put("components", Map.of("predictor", component));
        var conditions = new ArrayList<Map<String, Object>>();
        conditions.add(condition("IngressReady", null, null, at));
        conditions.add(condition(
                "PredictorReady", latest.ready() ? null : latest.failureReason(), latest.failureMessage(), at));
        conditions.add(condition("Ready", latest.ready() ? null : latest.failureReason(), latest.failureMessage(), at));
        status.put("conditions", conditions);
        var modelStatus = new LinkedHashMap<String, Object>();
        modelStatus.put("transitionStatus", latest.ready() ? "UpToDate" : "BlockedByFailedLoad");
        modelStatus.put(
                "states",
                Map.of(
                        "activeModelState",
                        served.rolledOut == null ? "FailedToLoad" : "Loaded",
                        "targetModelState",
                        latest.ready() ? "Loaded" : "FailedToLoad"));
        if (!latest.ready()) {
            // KServe reports a failed storage initializer as ModelLoadFailed here (the field's enum)
            String reason =
                    latest.failureReason().equals("StorageFetchFailed") ? "ModelLoadFailed" : latest.failureReason();
            modelStatus.put(
                    "lastFailureInfo",
                    Map.of("reason", reason, "message", latest.failureMessage(), "modelRevisionName", latest.revision));
        }
        modelStatus.put("copies", Map.of("failedCopies", latest.ready() ? 0 : 1, "totalCopies", 1));
        status.put("modelStatus", modelStatus);
        return status;
    }

    /** A condition, True when {@code reason} is null, else False with KServe's reason and a message. */
    private static Map<String, Object> condition(
            String type, @Nullable String reason, @Nullable String message, String at) {
        var c = new LinkedHashMap<String, Object>();
        c.put("type", type);
        c.put("status", reason == null ? "True" : "False");
        if (reason != null) {
            c.put("reason", reason);
            c.put("message", Objects.requireNonNullElse(message, ""));
            c.put("severity", "Error");
        }
        c.put("lastTransitionTime", at);
        return c;
    }

    /** A condition whose status did not change keeps the time it last changed (as KServe's do). */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> keepTransitionTimes(Map<String, Object> wanted, @Nullable Object current) {
        if (!(current instanceof Map<?, ?> old && old.get("conditions") instanceof List<?> before)) {
            return wanted;
        }
        for (Map<String, Object> c : (List<Map<String, Object>>) wanted.get("conditions")) {
            for (Object o : before) {
                if (o instanceof Map<?, ?> b
                        && c.get("type").equals(b.get("type"))
                        && c.get("status").equals(b.get("status"))
                        && b.get("lastTransitionTime") instanceof String t) {
                    c.put("lastTransitionTime", t);
                }
            }
        }
        return wanted;
    }

    /** After a restart of the stand-in, revision numbers go on from the last one in the status. */
    private static int lastRevisionNumber(GenericKubernetesResource isvc) {
        Map<String, Object> status = map(isvc.getAdditionalProperties().get("status"));
        Map<String, Object> predictor = map(map(status.get("components")).get("predictor"));
        return Optional.ofNullable(predictor.get("latestCreatedRevision"))
                .map(Object::toString)
                .map(REVISION_NUMBER::matcher)
                .filter(Matcher::find)
                .map(m -> Integer.parseInt(m.group(1)))
                .orElse(0);
    }

    private static Map<String, Object> spec(GenericKubernetesResource isvc) {
        return map(isvc.getAdditionalProperties().get("spec"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(@Nullable Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static String key(GenericKubernetesResource isvc) {
        return isvc.getMetadata().getNamespace() + "/" + isvc.getMetadata().getName();
    }
}
