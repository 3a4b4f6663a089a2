/**
 * Per-team quotas per cluster and the reservations that enforce them at submit time, atomically in
 * the database, and the usage ledger ({@link io.federa.quota.Usage}: CPU- and GPU-seconds per team,
 * cluster and UTC day, fed by the jobs module from the job mirror; docs/adr/0010-usage-ledger.md).
 */
@NullMarked
package io.federa.quota;

import org.jspecify.annotations.NullMarked;
