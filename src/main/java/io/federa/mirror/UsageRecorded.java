package io.federa.mirror;

import io.federa.shared.LiveUpdate;

/** The usage of {@code jobs} mirrored jobs was (re-)recorded in the ledger: open usage views refresh. */
public record UsageRecorded(int jobs) implements LiveUpdate {}
