package io.federa.models.web;

import io.federa.identity.CurrentUser;
import io.federa.identity.CurrentUsers;
import io.federa.models.Deployment;
import io.federa.models.Deployments;
import io.federa.models.ModelEnvironment;
import io.federa.models.ModelEnvironments;
import io.federa.models.ModelFormat;
import io.federa.models.ModelNotFoundException;
import io.federa.models.ModelRegistry;
import io.federa.models.ModelVersion;
import io.federa.models.PromotionRequest;
import io.federa.models.Promotions;
import io.federa.models.RegisteredModel;
import io.federa.models.ServingStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * {@code /api/models}: the registry, promotion requests, environments and deployments, as the pages
 * offer them. Another team's model, version, request or deployment answers 404 (problem+json), like
 * one that does not exist.
 */
@RestController
@RequestMapping("/api/models")
class ModelsApi {

    record NewModel(String team, String name, @Nullable String description) {}

    record NewVersion(
            String runId,
            String artifact,
            String format,
            @Nullable String modelCard) {}

    record Tag(@Nullable String value) {}

    record Alias(@Nullable Long versionId) {}

    record NewRequest(
            long versionId,
            String environment,
            String comment,
            @Nullable Boolean canary) {}

    record Decision(@Nullable String comment) {}

    record Rollback(long versionId, @Nullable String comment) {}

    record ModelDetails(RegisteredModel model, List<ModelVersion> versions) {}

    record RequestDetails(
            PromotionRequest request, @Nullable ModelVersion version, boolean mayDecide) {}

    record Serving(String environment, @Nullable Deployment current, ServingStatus status, List<Deployment> history) {}

    private final ModelRegistry registry;
    private final Promotions promotions;
    private final Deployments deployments;
    private final ModelEnvironments environments;
    private final CurrentUsers users;

    ModelsApi(
            ModelRegistry registry,
            Promotions promotions,
            Deployments deployments,
            ModelEnvironments environments,
            CurrentUsers users) {
        this.registry = registry;
        this.promotions = promotions;
        this.deployments = deployments;
        this.environments = environments;
        this.users = users;
    }

    @GetMapping
    List<RegisteredModel> models() {
        return registry.models(users.require());
    }

    @PostMapping
    RegisteredModel create(@RequestBody NewModel body) {
        return registry.create(
                users.require(), body.team(), body.name(), body.description() == null ? "" : body.description());
    }

    @GetMapping("/{id}")
    ModelDetails model(@PathVariable long id) {
        CurrentUser user = users.require();
        RegisteredModel model = registry.find(user, id).orElseThrow(() -> new ModelNotFoundException("model " + id));
        return new ModelDetails(model, registry.versions(user, id));
    }

    /** Registers a run's artifact as the model's next version. */
    @PostMapping("/{id}/versions")
    ModelVersion register(@PathVariable long id, @RequestBody NewVersion body) {
        return registry.registerFromRun(
                users.require(),
                id,
                body.runId(),
                body.artifact(),
                ModelFormat.parse(body.format()),
                body.modelCard() == null ? "" : body.modelCard());
    }

    /** Uploads a file as the model's next version (multipart: file, format, modelCard). */
    @PostMapping(path = "/{id}/versions/upload", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ModelVersion upload(
            @PathVariable long id,
            @RequestPart("file") MultipartFile file,
            @RequestParam(defaultValue = "sklearn") String format,
            @RequestParam(defaultValue = "") String modelCard) {
        try (var in = file.getInputStream()) {
            String name = file.getOriginalFilename() == null ? "model.bin" : file.getOriginalFilename();
            return registry.upload(users.require(), id, name, in, ModelFormat.parse(format), modelCard);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @GetMapping("/versions/{versionId}")
    ModelVersion version(@PathVariable long versionId) {
        return registry.version(users.require(), versionId)
                .orElseThrow(() -> new ModelNotFoundException("model version " + versionId));
    }

    @PutMapping("/versions/{versionId}/tags/{key}")
    ModelVersion tag(@PathVariable long versionId, @PathVariable String key, @RequestBody Tag body) {
        CurrentUser user = users.require();
        registry.tag(user, versionId, key, body.value());
        return registry.version(user, versionId).orElseThrow();
    }

    @PutMapping("/{id}/aliases/{alias}")
    RegisteredModel alias(@PathVariable long id, @PathVariable String alias, @RequestBody Alias body) {
        CurrentUser user = users.require();
        registry.alias(user, id, alias, body.versionId());
        return registry.find(user, id).orElseThrow();
    }

    /** The versions registered from a run: lineage from the run's side. */
    @GetMapping("/from-run/{runId}")
    List<ModelVersion> fromRun(@PathVariable String runId) {
        return registry.fromRun(users.require(), runId);
    }

    @GetMapping("/environments")
    List<ModelEnvironment> environments() {
        return environments.list();
    }

    @PutMapping("/environments/{name}")
    ModelEnvironment saveEnvironment(@PathVariable String name, @RequestBody ModelEnvironment body) {
        return environments.save(new ModelEnvironment(
                name,
                body.cluster(),
                body.namespacePattern(),
                body.teamAdminsApprove(),
                body.approvalsNeeded(),
                body.rollbackWithoutApproval(),
                body.cpu(),
                body.memory(),
                body.minReplicas(),
                body.maxReplicas()));
    }

    @GetMapping("/promotions")
    List<PromotionRequest> requests(@RequestParam(defaultValue = "false") boolean queue) {
        CurrentUser user = users.require();
        return queue ? promotions.queue(user) : promotions.visible(user);
    }

    @PostMapping("/promotions")
    PromotionRequest request(@RequestBody NewRequest body) {
        return promotions.request(
                users.require(),
                body.versionId(),
                body.environment(),
                body.comment(),
                Boolean.TRUE.equals(body.canary()));
    }

    @GetMapping("/promotions/{requestId}")
    RequestDetails promotion(@PathVariable long requestId) {
        CurrentUser user = users.require();
        PromotionRequest r = promotions
                .find(user, requestId)
                .orElseThrow(() -> new ModelNotFoundException("promotion request " + requestId));
        return new RequestDetails(r, promotions.versionOf(user, requestId).orElse(null), promotions.mayDecide(user, r));
    }

    @PostMapping("/promotions/{requestId}/approve")
    PromotionRequest approve(@PathVariable long requestId, @RequestBody(required = false) @Nullable Decision body) {
        return promotions.approve(users.require(), requestId, comment(body));
    }

    @PostMapping("/promotions/{requestId}/reject")
    PromotionRequest reject(@PathVariable long requestId, @RequestBody(required = false) @Nullable Decision body) {
        return promotions.reject(users.require(), requestId, comment(body));
    }

    @PostMapping("/promotions/{requestId}/withdraw")
    PromotionRequest withdraw(@PathVariable long requestId) {
        return promotions.withdraw(users.require(), requestId);
    }

    @GetMapping("/{id}/environments/{environment}")
    Serving serving(@PathVariable long id, @PathVariable String environment) {
        CurrentUser user = users.require();
        List<Deployment> history = deployments.history(user, id, environment);
        return new Serving(
                environment,
                deployments.current(user, id, environment).orElse(null),
                deployments.status(user, id, environment),
                history);
    }

    @PostMapping("/{id}/environments/{environment}/promote-canary")
    Deployment promoteCanary(@PathVariable long id, @PathVariable String environment) {
        return deployments.promoteCanary(users.require(), id, environment);
    }

    /** 200 with the deployment when applied at once; 202 when it became a request that needs approval. */
    @PostMapping("/{id}/environments/{environment}/rollback")
    ResponseEntity<Object> rollback(
            @PathVariable long id, @PathVariable String environment, @RequestBody Rollback body) {
        Optional<Deployment> done = deployments.rollback(
                users.require(), id, environment, body.versionId(), body.comment() == null ? "" : body.comment());
        return done.<ResponseEntity<Object>>map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.accepted()
                        .body(Map.of("detail", "The rollback needs approval: it is a promotion request now.")));
    }

    /** "Try it": an Open Inference Protocol v2 request body, sent to the model server; its answer back. */
    @PostMapping(
            path = "/{id}/environments/{environment}/infer",
            consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<String> infer(@PathVariable long id, @PathVariable String environment, @RequestBody String body) {
        Deployments.InferenceAnswer answer = deployments.infer(users.require(), id, environment, body);
        return ResponseEntity.status(answer.status())
                .contentType(MediaType.APPLICATION_JSON)
                .body(answer.body());
    }

    private static String comment(@Nullable Decision body) {
        return body == null || body.comment() == null ? "" : body.comment();
    }
}
