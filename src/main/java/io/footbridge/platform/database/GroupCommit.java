package io.footbridge.platform.database;

import java.sql.SQLException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Makes callers wait until what they committed is stored, with one store for everyone waiting at the time (a group
 * commit): the first caller to find no store under way runs one on behalf of all who came before it started, the
 * others wait for it, and those who come while it runs wait for the next. A store counts for a caller only if it
 * started after the caller asked, so it cannot miss a commit made while an earlier store was being written.
 */
final class GroupCommit {

    /** Writes everything committed so far to stable storage; runs on the thread of the caller that leads. */
    @FunctionalInterface
    interface Store {
        void run() throws SQLException;
    }

    // A lock rather than a monitor, so that a waiting virtual thread does not pin its carrier.
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition stored = lock.newCondition();
    private long started;
    private long completed;
    private long succeeded;
    private boolean storing;
    private SQLException lastFailure;

    /** Returns once a store that started after this call has completed; throws if that store failed. */
    void awaitStored(Store store) throws SQLException {
        lock.lock();
        try {
            long needed = started + 1;
            while (completed < needed) {
                if (!storing) {
                    lead(store);
                } else {
                    stored.awaitUninterruptibly();
                }
            }
            if (succeeded < needed) {
                throw new SQLException("the commit could not be written to the database file", lastFailure);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Called with the lock held; runs the store without it, so that others can queue for the next round. */
    private void lead(Store store) {
        storing = true;
        long round = ++started;
        SQLException failed = null;
        lock.unlock();
        try {
            store.run();
        } catch (SQLException e) {
            failed = e;
        } catch (RuntimeException e) {
            failed = new SQLException(e);
        } finally {
            lock.lock();
            storing = false;
            completed = round;
            if (failed == null) {
                succeeded = round;
            } else {
                lastFailure = failed;
            }
            stored.signalAll();
        }
    }
}
