/**
 * Model registry per team with lineage to runs' artifacts ({@link io.federa.models.ModelRegistry}),
 * deployment environments ({@link io.federa.models.ModelEnvironments}), promotion requests decided by
 * someone other than the requester ({@link io.federa.models.Promotions}) and deployments as KServe
 * InferenceServices with history, canary and rollback ({@link io.federa.models.Deployments}). See
 * docs/adr/0032-model-registry-promotions-deployments.md.
 */
@NullMarked
package io.federa.models;

import org.jspecify.annotations.NullMarked;
