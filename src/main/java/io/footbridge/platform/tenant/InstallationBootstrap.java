package io.footbridge.platform.tenant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.security.SecureRandom;

/**
 * On the very first start, creates the first tenant and the installation admin. The password comes from
 * FOOTBRIDGE_ADMIN_PASSWORD or is generated and printed once to the console; it is never logged. Safe when several
 * nodes start together: the installation row lets exactly one of them do it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class InstallationBootstrap implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(InstallationBootstrap.class);
    private static final String DEFAULT_EMAIL = "admin@footbridge.local";
    private static final char[] PASSWORD_ALPHABET =
            "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789".toCharArray();

    private final TenantRepository repository;
    private final TenantService tenants;
    private final AdminProperties admin;
    private final TransactionTemplate transaction;

    InstallationBootstrap(TenantRepository repository, TenantService tenants, AdminProperties admin,
                          TransactionTemplate transaction) {
        this.repository = repository;
        this.tenants = tenants;
        this.admin = admin;
        this.transaction = transaction;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (repository.installed()) {
            return;
        }
        String email = blank(admin.email()) ? DEFAULT_EMAIL : admin.email();
        boolean generated = blank(admin.password());
        String password = generated ? generatePassword() : admin.password();
        if (!generated && password.length() < 12) {
            throw new IllegalStateException("FOOTBRIDGE_ADMIN_PASSWORD must be at least 12 characters long");
        }
        try {
            transaction.executeWithoutResult(status -> {
                if (!repository.claimInstallation()) {
                    throw new AlreadyInstalled();
                }
                tenants.create(null, admin.tenantName(), email, password, true);
            });
        } catch (AlreadyInstalled raced) {
            return;
        }
        log.info("First start: created tenant '{}' and the installation admin account", admin.tenantName());
        if (generated) {
            // Deliberately the console, not the log: the password must not end up in log files.
            System.out.printf("%n=====================================================================%n"
                    + " Footbridge installation admin (shown this once, change it soon):%n"
                    + "   e-mail:   %s%n   password: %s%n"
                    + "=====================================================================%n%n", email, password);
        }
    }

    private static String generatePassword() {
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder(20);
        for (int i = 0; i < 20; i++) {
            password.append(PASSWORD_ALPHABET[random.nextInt(PASSWORD_ALPHABET.length)]);
        }
        return password.toString();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static final class AlreadyInstalled extends RuntimeException {
        AlreadyInstalled() {
            super(null, null, false, false);
        }
    }
}
