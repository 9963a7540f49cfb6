package io.footbridge;

import io.footbridge.analytics.bench.AnalyticsBench;
import io.footbridge.analytics.clv.ClvCommand;
import io.footbridge.bench.HttpBench;
import io.footbridge.identity.matching.ResolveBenchmark;
import io.footbridge.identity.matching.ResolveCommand;
import io.footbridge.messaging.bench.MessageBenchmark;
import io.footbridge.platform.CommandOptions;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Serves by default; {@code footbridge <command> …} runs a command-line job in the same application and exits.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class FootbridgeApplication {

    public static void main(String[] args) throws Exception {
        String command = args.length > 0 && !args[0].startsWith("-") ? args[0] : null;
        if (command == null) {
            List<String> all = "true".equalsIgnoreCase(System.getenv("FOOTBRIDGE_DEMO"))
                    ? demoAccount() : new ArrayList<>();
            all.addAll(List.of(args));
            SpringApplication.run(FootbridgeApplication.class, all.toArray(String[]::new));
            return;
        }
        switch (command) {
            case "bench" -> System.exit(args.length > 1 && args[1].equals("resolve")
                    ? ResolveBenchmark.run(args, System.out)
                    // the load generator runs in a process of its own, against a server started apart from it
                    : args.length > 1 && args[1].equals("http") ? HttpBench.run(args, System.out, System.err)
                    // so does the analytics benchmark, which fills the server's PostgreSQL database directly
                    : args.length > 1 && args[1].equals("analytics") ? AnalyticsBench.run(args, System.out, System.err)
                    : runCommand(command, args, benchDefaults(args)));
            case "import" -> System.exit(runCommand(command, args, commandDefaults()));
            case "demo" -> System.exit(runCommand(command, args, demoDefaults()));
            // resolve needs no database and no server: it runs without starting the application
            case "resolve" -> System.exit(ResolveCommand.run(args, System.out, System.err));
            // so does clv: it fits lifetime-value models to a file
            case "clv" -> System.exit(ClvCommand.run(args, System.out, System.err));
            case "help" -> System.out.println(USAGE);
            default -> {
                System.err.println("unknown command: " + command + "\n" + USAGE);
                System.exit(2);
            }
        }
    }

    private static final String USAGE = """
            usage: java -jar footbridge.jar                   run the server
                   java -jar footbridge.jar import transactions|customers|products --file FILE.csv
                   java -jar footbridge.jar resolve --file customers.csv   group records into people
                   java -jar footbridge.jar demo [--seed N] [--stores N] [--customers N] [--months N]
                                                              fill an empty database with a demo store chain
                   java -jar footbridge.jar clv --transactions FILE.csv --calibration-end YYYY-MM-DD   lifetime value
                   java -jar footbridge.jar bench http --user EMAIL:PASSWORD [--target URL] [--rate N]
                                                      load a running server over HTTP (docs/performance.md)
                   java -jar footbridge.jar bench analytics --user EMAIL:PASSWORD --jdbc URL [--customers N]
                                [--sales N]  fill PostgreSQL and time a running server's figures (docs/analytics.md)
                   java -jar footbridge.jar bench ingest      measure event ingestion (see the README)
                   java -jar footbridge.jar bench links       measure QR short-link scans
                   java -jar footbridge.jar bench messages    measure the send pipeline (outbox and SMTP)
                   java -jar footbridge.jar bench offers      measure coupon redemption and code generation
                   java -jar footbridge.jar bench scheduler   measure the background scheduler (durable waits)
                   java -jar footbridge.jar bench journeys    measure people waiting in journeys (docs/journeys.md)
                   java -jar footbridge.jar bench segments    measure membership latency, a first count and a campaign
                                                      (docs/segments.md)
                   java -jar footbridge.jar help""";

    private static int runCommand(String command, String[] args, List<String> defaults) {
        List<String> all = new ArrayList<>(defaults);
        all.add("--footbridge.command=" + command);
        all.addAll(List.of(args));
        try {
            var context = SpringApplication.run(FootbridgeApplication.class, all.toArray(String[]::new));
            return SpringApplication.exit(context);
        } catch (RuntimeException failed) {
            System.err.println(startFailure(failed));
            return 1;
        }
    }

    private static String startFailure(Throwable failed) {
        for (Throwable t = failed; t != null; t = t.getCause()) {
            if (t instanceof CommandOptions.Refused refused) {
                return refused.getMessage(); // a benchmark's option, read once the application runs
            }
            if (t.getMessage() != null && t.getMessage().contains("already in use")) {
                return "The embedded database is in use by a running Footbridge. Stop it first, or upload the file"
                        + " to the running server: POST /api/v1/imports/{kind} (see the README).";
            }
        }
        return "Footbridge could not start: " + failed.getMessage();
    }

    /** Commands work on the configured database without serving or running background imports. */
    private static List<String> commandDefaults() {
        return new ArrayList<>(List.of("--spring.main.web-application-type=none", "--logging.level.root=ERROR",
                "--logging.level.org.springframework=OFF", "--logging.level.org.flywaydb=OFF",
                "--spring.main.banner-mode=off", "--footbridge.imports.workers=0",
                "--footbridge.messaging.workers=0"));
    }

    /**
     * The demo fills the configured database like live traffic would, so the background work that follows it
     * (identity, receipts, messages to the development outbox) runs; it does not serve.
     */
    private static List<String> demoDefaults() {
        List<String> defaults = new ArrayList<>(List.of("--spring.main.web-application-type=none",
                "--logging.level.root=ERROR", "--logging.level.org.springframework=OFF",
                "--logging.level.org.flywaydb=OFF", "--spring.main.banner-mode=off", "--footbridge.imports.workers=0",
                // the demo is the only writer: nothing commits late, so the followers need not look back long
                "--footbridge.capture.feeds.commit-horizon=1s"));
        defaults.addAll(demoAccount());
        return defaults;
    }

    /**
     * A demo's first tenant is the demo chain, with an admin whose password the demo prints, unless the installer
     * chose the account.
     */
    private static List<String> demoAccount() {
        List<String> defaults = new ArrayList<>();
        if (System.getenv("FOOTBRIDGE_ADMIN_EMAIL") == null) {
            defaults.add("--footbridge.admin.email=admin@demo.footbridge.local");
        }
        if (System.getenv("FOOTBRIDGE_ADMIN_PASSWORD") == null) {
            defaults.add("--footbridge.admin.password=footbridge-demo");
        }
        if (System.getenv("FOOTBRIDGE_TENANT_NAME") == null) {
            defaults.add("--footbridge.admin.tenant-name=Larch & Linden (demo)");
        }
        return defaults;
    }

    /**
     * Benchmarks run on a throw-away embedded database with their own admin unless pointed at a database; they
     * never touch ./data.
     */
    private static List<String> benchDefaults(String[] args) throws Exception {
        List<String> defaults = new ArrayList<>(List.of("--server.port=0", "--logging.level.root=WARN",
                "--spring.main.banner-mode=off"));
        if (args.length > 1 && args[1].equals("messages")) {
            defaults.addAll(MessageBenchmark.prepare(args));
        }
        if (System.getenv("SPRING_DATASOURCE_URL") == null) {
            defaults.add("--footbridge.data-dir=" + Files.createTempDirectory("footbridge-bench"));
        }
        if (System.getenv("FOOTBRIDGE_ADMIN_PASSWORD") == null) {
            defaults.add("--footbridge.admin.email=bench-installer@footbridge.local");
            defaults.add("--footbridge.admin.password=" + UUID.randomUUID());
        }
        return defaults;
    }
}
