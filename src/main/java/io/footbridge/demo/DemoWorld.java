package io.footbridge.demo;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Builds the demo chain into a tenant; the same seed and options give the same chain on the same day. */
public interface DemoWorld {

    /** Stores the chain has at most. */
    int MAX_STORES = 10;

    /** The password of the demo's staff accounts, printed at the end of a build. */
    String STAFF_PASSWORD = "footbridge-demo";

    /**
     * @param staffDomain the mail domain of the demo's staff accounts (a store manager per store), which must be
     *                    free in the installation: staff e-mail addresses are unique across tenants
     */
    record Options(long seed, int stores, int customers, int months, String staffDomain) {

        public static Options defaults() {
            return new Options(1, 8, 20_000, 12, "demo.footbridge.local");
        }

        public Options {
            if (stores < 1 || stores > MAX_STORES) {
                throw new IllegalArgumentException("--stores takes 1 to " + MAX_STORES);
            }
            if (customers < 10 || customers > 1_000_000) {
                throw new IllegalArgumentException("--customers takes 10 to 1000000");
            }
            if (months < 1 || months > 36) {
                throw new IllegalArgumentException("--months takes 1 to 36");
            }
        }
    }

    /** What was built, and the store managers' e-mails (their password is {@link #STAFF_PASSWORD}). */
    record Built(UUID tenantId, LocalDate first, LocalDate last, int stores, long sales, long events,
                 List<String> storeManagers, Duration took) {
    }

    /**
     * Fills a tenant that has no stores yet, then waits until identity resolution and the modules that follow the
     * capture log (consent, receipts) have read everything, so what the console shows is complete.
     */
    Built build(UUID tenantId, Options options);
}
