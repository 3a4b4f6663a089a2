package io.federa.models;

import io.federa.identity.CurrentUser;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The teams' registered models and their versions. Every read and write is scoped by team: a model
 * of a team the user may not act for is indistinguishable from none ({@link ModelNotFoundException},
 * empty). Writing needs the data-scientist role (or portal admin) in the team.
 */
public interface ModelRegistry {

    /** Models of the user's teams (every team for portal admins), by team and name. */
    List<RegisteredModel> models(CurrentUser user);

    /**
     * @throws InvalidModelException a name that is no DNS label of at most 40 characters, or taken
     * @throws io.federa.shared.NotAllowedException the user may not write for the team
     */
    RegisteredModel create(CurrentUser user, String team, String name, String description);

    Optional<RegisteredModel> find(CurrentUser user, long modelId);

    /** The model's versions, newest first (deleted ones included, marked). */
    List<ModelVersion> versions(CurrentUser user, long modelId);

    Optional<ModelVersion> version(CurrentUser user, long versionId);

    /**
     * A new version from a run's artifact: the file is copied (and its checksum checked against the
     * one the run recorded), the run's lineage is copied with it.
     *
     * @throws ModelNotFoundException no such model, run or artifact visible to the user
     */
    ModelVersion registerFromRun(
            CurrentUser user, long modelId, String runId, String artifactName, ModelFormat format, String modelCard);

    /** A new version from an uploaded file (no run). */
    ModelVersion upload(
            CurrentUser user, long modelId, String fileName, InputStream content, ModelFormat format, String modelCard);

    /** Sets (value non-null) or removes (null) a tag of a version. */
    void tag(CurrentUser user, long versionId, String key, @Nullable String value);

    /** Points an alias ({@code champion}) at a version, or removes it (versionId null). */
    void alias(CurrentUser user, long modelId, String alias, @Nullable Long versionId);

    /**
     * Deletes a version's file and hides it from new requests; its record stays for the history.
     *
     * @throws PromotionConflictException it serves in an environment
     */
    void delete(CurrentUser user, long versionId);

    /** The versions made from a run (lineage from the run's side), oldest first. */
    List<ModelVersion> fromRun(CurrentUser user, String runId);
}
