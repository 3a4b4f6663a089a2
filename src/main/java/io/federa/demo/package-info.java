/**
 * The demo stack of {@code run.sh}: registers the local Slurm clusters its scripts started, adopts
 * what their accounting holds for the demo teams and people through the cluster permissions
 * console, applies it, and gives each team a modest quota, so that the demo people can submit at
 * once. Off unless {@code federa.demo.slurm-env} is set; nothing else uses this module.
 */
@NullMarked
package io.federa.demo;

import org.jspecify.annotations.NullMarked;
