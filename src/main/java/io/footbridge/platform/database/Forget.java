package io.footbridge.platform.database;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Forgetting cached rows that a transaction is changing. */
public final class Forget {

    private Forget() {
    }

    /**
     * Runs {@code forget} now and, inside a transaction, once more when it completes: a reader between our write and
     * its commit (or rollback) may have cached the old row again.
     */
    public static void nowAndAfterCompletion(Runnable forget) {
        forget.run();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCompletion(int status) {
                    forget.run();
                }
            });
        }
    }
}
