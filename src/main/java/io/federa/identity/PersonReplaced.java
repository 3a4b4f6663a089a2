package io.federa.identity;

/**
 * A portal admin gave {@code username} to another account (see {@link LoginConflicts}): what other
 * modules keep for the earlier person under that user name (Slurm user mappings, memberships) must
 * go. Published synchronously inside the resolving transaction, so nothing is inherited even for a
 * moment.
 */
public record PersonReplaced(String username) {}
