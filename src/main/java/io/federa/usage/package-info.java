/**
 * The usage pages and API: what each team used per cluster over time, read from the quota ledger that
 * the mirror feeds.
 */
@NullMarked
package io.federa.usage;

import org.jspecify.annotations.NullMarked;
