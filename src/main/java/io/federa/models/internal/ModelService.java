package io.federa.models.internal;

import io.federa.identity.CurrentUser;
import io.federa.models.InvalidModelException;
import io.federa.models.ModelFormat;
import io.federa.models.ModelNotFoundException;
import io.federa.models.ModelRegistered;
import io.federa.models.ModelRegistry;
import io.federa.models.ModelVersion;
import io.federa.models.ModelVersionChanged;
import io.federa.models.ModelVersionRegistered;
import io.federa.models.PromotionConflictException;
import io.federa.models.RegisteredModel;
import io.federa.runs.MetricPoint;
import io.federa.runs.Run;
import io.federa.runs.RunArtifact;
import io.federa.runs.Runs;
import io.federa.shared.AuditEvents;
import io.federa.shared.NotAllowedException;
import io.federa.tenancy.TeamDirectory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The registry: models and immutable versions in PostgreSQL, files in {@link ModelFiles}. */
@Service
class ModelService implements ModelRegistry {

    /** A DNS label short enough that {@code <model>-<environment>} names an InferenceService. */
    static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?");

    private static final Pattern TAG_KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    private final ModelStore store;
    private final JdbcClient jdbc;
    private final Access access;
    private final TeamDirectory directory;
    private final Runs runs;
    private final ModelFiles files;
    private final ApplicationEventPublisher events;
    private final AuditEvents audit;
    private final Clock clock;

    ModelService(
            ModelStore store,
            JdbcClient jdbc,
            Access access,
            TeamDirectory directory,
            Runs runs,
            ModelFiles files,
            ApplicationEventPublisher events,
            AuditEvents audit,
            Clock clock) {
        this.store = store;
        this.jdbc = jdbc;
        this.access = access;
        this.directory = directory;
        this.runs = runs;
        this.files = files;
        this.events = events;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    @Transactional(readOnly = true)
    public List<RegisteredModel> models(CurrentUser user) {
        if (user.isPortalAdmin()) {
            return store.models(null);
        }
        List<String> teams = directory.teamsInScope(user);
        return teams.isEmpty() ? List.of() : store.models(teams);
    }

    @Override
    @Transactional
    public RegisteredModel create(CurrentUser user, String team, String name, String description) {
        if (!access.mayRead(user, team)) {
            throw new NotAllowedException("You are not a member of team " + team + ".");
        }
        access.requireWriter(user, team, "team " + team);
        String n = name.trim();
        if (!NAME.matcher(n).matches()) {
            throw new InvalidModelException("A model's name is a DNS label of at most 40 characters: lower-case "
                    + "letters, digits and '-', starting and ending with a letter or digit (it names the "
                    + "InferenceService).");
        }
        if (store.modelByName(team, n).isPresent()) {
            throw new InvalidModelException("Team " + team + " already has a model named " + n + ".");
        }
        long id = jdbc.sql("""
                        insert into registered_models (team, name, description, created_by, created_at)
                        values (:team, :name, :description, :by, :at) returning id""")
                .param("team", team)
                .param("name", n)
                .param("description", description.strip())
                .param("by", user.username())
                .param("at", java.sql.Timestamp.from(clock.instant()))
                .query(Long.class)
                .single();
        events.publishEvent(
                new ModelRegistered(audit.recordFor(user.username(), "model.registered", "model", Long.toString(id))
                        .team(team)
                        .after(Map.of("name", n))));
        return store.model(id).orElseThrow();
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<RegisteredModel> find(CurrentUser user, long modelId) {
        return store.model(modelId).filter(m -> access.mayRead(user, m.team()));
    }

    @Override
    @Transactional(readOnly = true)
    public List<ModelVersion> versions(CurrentUser user, long modelId) {
        RegisteredModel model = find(user, modelId).orElseThrow(() -> new ModelNotFoundException("model " + modelId));
        return store.versions(model.id());
    }

    @Override
    @Transactional(readOnly = true)
    public Optional<ModelVersion> version(CurrentUser user, long versionId) {
        return store.version(versionId).filter(v -> access.mayRead(user, v.team()));
    }

    @Override
    @Transactional
    public ModelVersion registerFromRun(
            CurrentUser user, long modelId, String runId, String artifactName, ModelFormat format, String modelCard) {
        RegisteredModel model = writable(user, modelId);
        Run run = runs.find(user, runId)
                .filter(r -> r.team().equals(model.team()))
                .orElseThrow(() -> new ModelNotFoundException("run " + runId + " of team " + model.team()));
        RunArtifact artifact = runs.artifacts(user, runId).stream()
                .filter(a -> a.name().equals(artifactName))
                .findFirst()
                .orElseThrow(() -> new ModelNotFoundException("artifact " + artifactName + " of run " + runId));
        Path file = runs.artifactFile(user, runId, artifactName)
                .orElseThrow(() -> new ModelNotFoundException("artifact " + artifactName + " of run " + runId));
        var metrics = new LinkedHashMap<String, Double>();
        for (MetricPoint p : runs.lastMetrics(user, runId)) {
            metrics.put(p.key(), p.value());
        }
        var lineage = new Lineage(
                "run",
                run.id(),
                run.tags().get("template"),
                run.script(),
                run.params(),
                metrics,
                run.cluster(),
                run.gitCommit());
        try (InputStream in = Files.newInputStream(file)) {
            ModelVersion v = insert(user, model, format, lineage, ModelFiles.checkName(artifactName), in, modelCard);
            if (!v.sha256().equals(artifact.sha256())) {
                throw new InvalidModelException("The artifact " + artifactName + " changed while it was copied "
                        + "(its SHA-256 is not the one the run recorded): register it again.");
            }
            return v;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    @Transactional
    public ModelVersion upload(
            CurrentUser user,
            long modelId,
            String fileName,
            InputStream content,
            ModelFormat format,
            String modelCard) {
        RegisteredModel model = writable(user, modelId);
        var lineage = new Lineage("upload", null, null, null, Map.of(), Map.of(), null, null);
        return insert(user, model, format, lineage, ModelFiles.checkName(fileName), content, modelCard);
    }

    private record Lineage(
            String source,
            @Nullable String runId,
            @Nullable String template,
            @Nullable String script,
            Map<String, String> params,
            Map<String, Double> metrics,
            @Nullable String cluster,
            @Nullable String gitCommit) {}

    private ModelVersion insert(
            CurrentUser user,
            RegisteredModel model,
            ModelFormat format,
            Lineage lineage,
            String fileName,
            InputStream content,
            String modelCard) {
        // the model's row lock numbers versions one after the other
        jdbc.sql("select id from registered_models where id = :id for update")
                .param("id", model.id())
                .query(Long.class)
                .single();
        int number = jdbc.sql("select coalesce(max(version), 0) + 1 from model_versions where model_id = :id")
                .param("id", model.id())
                .query(Integer.class)
                .single();
        long id = jdbc.sql("""
                        insert into model_versions (model_id, version, format, source, run_id, artifact_name,
                            artifact_sha256, artifact_size, template, script, params, metrics, cluster_name,
                            git_commit, model_card, created_by, created_at)
                        values (:model, :version, :format, :source, :run, :file, '', 0, :template, :script,
                            cast(:params as jsonb), cast(:metrics as jsonb), :cluster, :git, :card, :by, :at)
                        returning id""")
                .param("model", model.id())
                .param("version", number)
                .param("format", format.kserveName())
                .param("source", lineage.source())
                .param("run", lineage.runId())
                .param("file", fileName)
                .param("template", lineage.template())
                .param("script", lineage.script())
                .param("params", ModelStore.json(lineage.params()))
                .param("metrics", ModelStore.json(lineage.metrics()))
                .param("cluster", lineage.cluster())
                .param("git", lineage.gitCommit())
                .param("card", modelCard.strip())
                .param("by", user.username())
                .param("at", java.sql.Timestamp.from(clock.instant()))
                .query(Long.class)
                .single();
        ModelFiles.Stored stored = files.store(id, fileName, content);
        jdbc.sql("update model_versions set artifact_sha256 = :sha, artifact_size = :size where id = :id")
                .param("sha", stored.sha256())
                .param("size", stored.size())
                .param("id", id)
                .update();
        var after = new LinkedHashMap<String, String>();
        after.put("model", model.name());
        after.put("version", Integer.toString(number));
        after.put("format", format.kserveName());
        after.put("source", lineage.source());
        after.put("run", lineage.runId() == null ? "" : lineage.runId());
        after.put("sha256", stored.sha256());
        events.publishEvent(new ModelVersionRegistered(
                audit.recordFor(user.username(), "model-version.registered", "model-version", Long.toString(id))
                        .team(model.team())
                        .after(after)));
        return store.version(id).orElseThrow();
    }

    @Override
    @Transactional
    public void tag(CurrentUser user, long versionId, String key, @Nullable String value) {
        ModelVersion v =
                version(user, versionId).orElseThrow(() -> new ModelNotFoundException("model version " + versionId));
        access.requireWriter(user, v.team(), "model version " + versionId);
        if (!TAG_KEY.matcher(key).matches()) {
            throw new InvalidModelException("A tag's key is 1 to 63 letters, digits, '.', '_' or '-'.");
        }
        if (value == null) {
            jdbc.sql("delete from model_version_tags where version_id = :v and key = :k")
                    .param("v", versionId)
                    .param("k", key)
                    .update();
        } else {
            jdbc.sql("""
                            insert into model_version_tags (version_id, key, value) values (:v, :k, :value)
                            on conflict (version_id, key) do update set value = excluded.value""")
                    .param("v", versionId)
                    .param("k", key)
                    .param("value", value)
                    .update();
        }
        events.publishEvent(new ModelVersionChanged(
                audit.recordFor(user.username(), "model-version.tagged", "model-version", Long.toString(versionId))
                        .team(v.team())
                        .before(Map.of(key, v.tags().getOrDefault(key, "")))
                        .after(Map.of(key, value == null ? "" : value))));
    }

    @Override
    @Transactional
    public void alias(CurrentUser user, long modelId, String alias, @Nullable Long versionId) {
        RegisteredModel model = writable(user, modelId);
        if (!TAG_KEY.matcher(alias).matches()) {
            throw new InvalidModelException("An alias is 1 to 63 letters, digits, '.', '_' or '-'.");
        }
        Integer before = model.aliases().get(alias);
        if (versionId == null) {
            jdbc.sql("delete from model_aliases where model_id = :m and alias = :a")
                    .param("m", modelId)
                    .param("a", alias)
                    .update();
        } else {
            ModelVersion v = store.version(versionId)
                    .filter(x -> x.modelId() == modelId && !x.deleted())
                    .orElseThrow(() -> new ModelNotFoundException("version " + versionId + " of " + model.name()));
            jdbc.sql("""
                            insert into model_aliases (model_id, alias, version_id) values (:m, :a, :v)
                            on conflict (model_id, alias) do update set version_id = excluded.version_id""")
                    .param("m", modelId)
                    .param("a", alias)
                    .param("v", v.id())
                    .update();
        }
        events.publishEvent(new ModelVersionChanged(audit.recordFor(
                        user.username(), "model.aliased", "model", Long.toString(modelId))
                .team(model.team())
                .before(Map.of(alias, before == null ? "" : "v" + before))
                .after(Map.of(
                        alias,
                        versionId == null
                                ? ""
                                : "v" + store.version(versionId).orElseThrow().version()))));
    }

    @Override
    @Transactional
    public void delete(CurrentUser user, long versionId) {
        ModelVersion v =
                version(user, versionId).orElseThrow(() -> new ModelNotFoundException("model version " + versionId));
        access.requireWriter(user, v.team(), "model version " + versionId);
        if (v.deleted()) {
            return;
        }
        jdbc.sql("select id from registered_models where id = :id for update")
                .param("id", v.modelId())
                .query(Long.class)
                .single();
        List<String> serving = store.environmentsServing(versionId);
        if (!serving.isEmpty()) {
            throw new PromotionConflictException(v.label() + " serves in " + String.join(", ", serving)
                    + ": promote or roll back to another version first.");
        }
        jdbc.sql("update model_versions set deleted_at = :at, deleted_by = :by where id = :id")
                .param("at", java.sql.Timestamp.from(clock.instant()))
                .param("by", user.username())
                .param("id", versionId)
                .update();
        jdbc.sql("delete from model_aliases where version_id = :id")
                .param("id", versionId)
                .update();
        events.publishEvent(new ModelVersionChanged(
                audit.recordFor(user.username(), "model-version.deleted", "model-version", Long.toString(versionId))
                        .team(v.team())
                        .before(Map.of("version", v.label(), "sha256", v.sha256()))));
        files.delete(versionId, v.artifactName());
    }

    @Override
    @Transactional(readOnly = true)
    public List<ModelVersion> fromRun(CurrentUser user, String runId) {
        return store.versionsOfRun(runId).stream()
                .filter(v -> access.mayRead(user, v.team()))
                .toList();
    }

    private RegisteredModel writable(CurrentUser user, long modelId) {
        RegisteredModel model = find(user, modelId).orElseThrow(() -> new ModelNotFoundException("model " + modelId));
        access.requireWriter(user, model.team(), "model " + modelId);
        return model;
    }
}
