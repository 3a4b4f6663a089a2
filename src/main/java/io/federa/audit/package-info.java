/**
 * The audit log: an append-only, hash-chained record of every change made through the portal (who,
 * from where, what, outcome, before and after), written from {@link io.federa.shared.AuditableEvent}s
 * that other modules publish; verify, search, export and retention. Uses only {@code shared}. See
 * docs/adr/0019-audit-log.md.
 */
@NullMarked
package io.federa.audit;

import org.jspecify.annotations.NullMarked;
