package io.federa.notebooks.internal;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the notebooks module ({@code federa.notebooks.*}).
 *
 * @param followInterval how often running notebooks take their cluster's state from the mirrors (they
 *     also do on every mirror change)
 * @param cullInterval how often the leader asks ready notebooks' Jupyter how long they have been idle
 * @param cullWarning how long before the cull the owner is warned on the page
 * @param defaultTimeLimit a Slurm notebook's time limit unless the person chooses one
 * @param maxTimeLimit the longest time limit a person may choose
 * @param jupyterCommand how a Slurm job starts Jupyter on the node (after the environment line)
 * @param activityTimeout how long the culler waits for a Jupyter's answer
 * @param slurmNodeAddress how the portal reaches a Slurm node's Jupyter: {@code {node}} is replaced by
 *     the node's Slurm name (the job reports its node name and port only, never a host)
 * @param launchRetryAfter how long a Kubernetes notebook whose cluster gave no answer waits before the
 *     follower asks again (longer than one create call may take, so two attempts rarely overlap)
 * @param launchPatience how long the follower keeps asking a cluster that gives no answer before the
 *     notebook fails with the last reason
 */
@ConfigurationProperties("federa.notebooks")
public record NotebooksProperties(
        @DefaultValue("5s") Duration followInterval,
        @DefaultValue("30s") Duration cullInterval,
        @DefaultValue("10m") Duration cullWarning,
        @DefaultValue("8h") Duration defaultTimeLimit,
        @DefaultValue("7d") Duration maxTimeLimit,
        @DefaultValue("jupyter-notebook") String jupyterCommand,
        @DefaultValue("5s") Duration activityTimeout,
        @DefaultValue("{node}") String slurmNodeAddress,
        @DefaultValue("15s") Duration launchRetryAfter,
        @DefaultValue("3m") Duration launchPatience) {}
