/**
 * Federated Slurm clusters: the registry (with credentials encrypted at rest), the slurmrestd client
 * with one adapter per REST API version, and cluster health. Callers see only the domain types of
 * this package; nothing above the adapters knows a Slurm API version, OkHttp or JSON shapes.
 *
 * <p>Entry point: {@link io.federa.clusters.SlurmClients#forCluster(String)}.
 */
@NullMarked
package io.federa.clusters;

import org.jspecify.annotations.NullMarked;
