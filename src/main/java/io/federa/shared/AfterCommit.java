package io.federa.shared;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Work that talks to a cluster after the data it sends is committed (ADR 9): never inside a
 * transaction that holds locks, never sending what a rollback would take back.
 */
public final class AfterCommit {

    private AfterCommit() {}

    /** Runs {@code work} once the current transaction has committed; at once when there is none. */
    public static void run(Runnable work) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    work.run();
                }
            });
        } else {
            work.run();
        }
    }
}
