package io.footbridge.demo.chain;

import io.footbridge.capture.CaptureLog;
import io.footbridge.demo.DemoWorld;
import io.footbridge.platform.Actor;
import io.footbridge.platform.Scope;
import io.footbridge.platform.Stores;
import io.footbridge.platform.Tenants;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Puts the demo chain into this installation's database: into the first tenant, the one made on first start,
 * when no tenant holds any data yet. It refuses a database with another tenant's data, and builds the chain once.
 */
@Component
class DemoInstaller {

    /** Exit status when the database holds someone else's data. */
    static final int REFUSED = 3;

    private final DemoWorld world;
    private final Tenants tenants;
    private final Stores stores;
    private final CaptureLog captureLog;
    private final JdbcClient jdbc;
    private final Environment environment;

    DemoInstaller(DemoWorld world, Tenants tenants, Stores stores, CaptureLog captureLog, JdbcClient jdbc,
                  Environment environment) {
        this.captureLog = captureLog;
        this.world = world;
        this.tenants = tenants;
        this.stores = stores;
        this.jdbc = jdbc;
        this.environment = environment;
    }

    /** @return 0 when the chain is there (built now or before), {@link #REFUSED} when it may not be written */
    int install(DemoWorld.Options options, PrintStream out, PrintStream err) {
        Optional<UUID> existing = demoTenant();
        if (existing.isPresent()) {
            out.println("This database already holds the demo chain; nothing written. Start over with an empty"
                    + " database (remove " + environment.getProperty("footbridge.data-dir", "./data")
                    + " for the embedded one).");
            signIn(out, existing.get());
            return 0;
        }
        List<Tenants.TenantRef> all = tenants.all();
        for (Tenants.TenantRef tenant : all) {
            if (holdsData(tenant.id())) {
                err.println("This database holds the data of tenant '" + tenant.name() + "'. The demo writes only"
                        + " into an empty database, never next to real data: point it at a new one (another"
                        + " FOOTBRIDGE_DATA_DIR, or an empty SPRING_DATASOURCE_URL).");
                return REFUSED;
            }
        }
        if (all.isEmpty()) {
            err.println("This database has no tenant to hold the demo chain.");
            return REFUSED;
        }
        UUID tenantId = all.get(0).id();
        jdbc.sql("INSERT INTO demo_world (tenant_id, seed, options, created_at) VALUES (:t, :seed, :options, :at)")
                .param("t", tenantId).param("seed", options.seed()).param("options", options.toString())
                .param("at", Instant.now().truncatedTo(ChronoUnit.MICROS)).update();
        out.printf("Building the demo chain: %d stores, %,d customers, %d months (seed %d)…%n", options.stores(),
                options.customers(), options.months(), options.seed());
        DemoWorld.Built built = world.build(tenantId, options);
        out.printf("Built %s in %.1f s: %d stores, %,d sales and %,d other events from %s to %s.%n", Chain.NAME,
                built.took().toMillis() / 1000.0, built.stores(), built.sales(), built.events(), built.first(),
                built.last());
        signIn(out, tenantId);
        out.println("  a store manager: " + built.storeManagers().get(0) + " / " + DemoWorld.STAFF_PASSWORD);
        return 0;
    }

    private void signIn(PrintStream out, UUID tenantId) {
        String email = environment.getProperty("footbridge.admin.email", "");
        email = email.isBlank() ? "admin@footbridge.local" : email;
        String password = environment.getProperty("footbridge.admin.password");
        String base = environment.getProperty("footbridge.public-url", "");
        if (base.isBlank()) {
            String port = environment.getProperty("server.port", "");
            base = "http://localhost:" + (port.isBlank() || port.equals("0") ? "8080" : port);
        }
        out.println("Sign in at " + base + "/ (start the server first: java -jar target/footbridge.jar)");
        out.println("  the marketing lead (tenant admin): " + email + " / "
                + (password == null || password.isBlank() ? "the password printed on first start" : password));
    }

    Optional<UUID> demoTenant() {
        return jdbc.sql("SELECT tenant_id FROM demo_world").query(UUID.class).optional();
    }

    /** Stores, or anything captured, make a tenant's data; an installation's empty first tenant holds none. */
    private boolean holdsData(UUID tenantId) {
        return !stores.workingIn(Actor.system(tenantId, "demo", Set.of(Scope.ADMIN)), 1).isEmpty()
                || captureLog.holdsAny(tenantId);
    }
}
