package io.footbridge.capture.imports;

import io.footbridge.platform.Actor;
import io.footbridge.platform.Tenants;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code java -jar footbridge.jar import transactions|customers|products --file FILE.csv}: imports a local file
 * straight into the configured database, with a progress bar. Running it again on the same file resumes an
 * interrupted import; rows already imported count as duplicates, never twice.
 */
@Component
@ConditionalOnProperty(name = "footbridge.command", havingValue = "import")
class ImportCommand implements ApplicationRunner, ExitCodeGenerator {

    static final String USAGE = """
            usage: java -jar footbridge.jar import transactions|customers|products --file FILE.csv
                     [--tenant ID-or-name] [--map column=Header]… [--delimiter ';'] [--amounts minor|decimal]
                     [--time-zone Europe/Berlin] [--encoding windows-1252]
            exit status: 0 all rows imported, 3 some rows rejected (see FILE.csv.errors.csv), 1 the import failed,
                         2 wrong usage""";

    private final ImportJobs imports;
    private final Tenants tenants;
    private final PrintStream out;
    private final PrintStream err;
    private int exitCode;

    @org.springframework.beans.factory.annotation.Autowired
    ImportCommand(ImportJobs imports, Tenants tenants) {
        this(imports, tenants, System.out, System.err);
    }

    ImportCommand(ImportJobs imports, Tenants tenants, PrintStream out, PrintStream err) {
        this.imports = imports;
        this.tenants = tenants;
        this.out = out;
        this.err = err;
    }

    @Override
    public int getExitCode() {
        return exitCode;
    }

    @Override
    public void run(ApplicationArguments arguments) throws IOException {
        Map<String, List<String>> options = new LinkedHashMap<>();
        List<String> words = new ArrayList<>();
        String problem = parse(arguments.getSourceArgs(), options, words);
        ImportKind kind = words.size() == 2 ? ImportKind.of(words.get(1)).orElse(null) : null;
        if (problem == null && kind == null) {
            problem = "say what the file holds: transactions, customers or products";
        }
        if (problem == null && !options.containsKey("file")) {
            problem = "--file is required";
        }
        if (problem != null) {
            usage(problem);
            return;
        }
        Path file = Path.of(options.get("file").get(0));
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            usage("cannot read " + file);
            return;
        }
        Tenants.TenantRef tenant = tenant(first(options, "tenant"));
        if (tenant == null) {
            return;
        }
        Map<String, String> mapping = new LinkedHashMap<>();
        for (String entry : options.getOrDefault("map", List.of())) {
            int eq = entry.indexOf('=');
            if (eq <= 0) {
                usage("--map takes column=Header, such as sku=\"Article number\"");
                return;
            }
            mapping.put(entry.substring(0, eq).strip(), entry.substring(eq + 1).strip());
        }
        String amounts = first(options, "amounts");
        if (amounts != null && ImportOptions.amounts(amounts) == null) {
            usage("--amounts is minor (cents) or decimal (12.99)");
            return;
        }
        ImportOptions importOptions = new ImportOptions(mapping, first(options, "delimiter"),
                ImportOptions.amounts(amounts), first(options, "time-zone"), first(options, "encoding"));
        Actor actor = Actor.system(tenant.id(), "command line (" + System.getProperty("user.name") + ")",
                Set.of(kind.scope()));

        err.printf("Importing %s from %s into %s%n", kind.value(), file, tenant.name());
        ProgressBar bar = new ProgressBar(err, Files.size(file), System.console() != null);
        ImportJob job;
        try {
            job = imports.runHere(actor, kind, file, importOptions, bar::update);
        } catch (io.footbridge.platform.ProblemException invalid) {
            usage(invalid.errors().isEmpty() ? invalid.getMessage() : invalid.errors().stream()
                    .map(e -> e.field() + " " + e.reason()).reduce((a, b) -> a + "; " + b).orElse(""));
            return;
        } catch (IllegalStateException busy) {
            err.println(busy.getMessage());
            exitCode = 1;
            return;
        }
        bar.done();
        report(actor, job, file);
    }

    private void report(Actor actor, ImportJob job, Path file) throws IOException {
        out.printf("import %s: %s — %,d rows read, %,d imported, %,d duplicates, %,d rejected%n", job.id(),
                job.status().value(), job.rowsRead(), job.imported(), job.duplicates(), job.rejected());
        if (job.error() != null) {
            out.println(job.error());
        }
        if (job.rejected() > 0) {
            Path report = file.resolveSibling(file.getFileName() + ".errors.csv");
            List<RowError> shown = new ArrayList<>();
            try (Writer writer = Files.newBufferedWriter(report, StandardCharsets.UTF_8);
                 CSVPrinter csv = CSVFormat.RFC4180.builder().setHeader("line", "record", "column", "message").get()
                         .print(writer)) {
                long after = 0;
                List<RowError> page;
                do {
                    page = imports.errors(actor, job.id(), after, 5000);
                    for (RowError e : page) {
                        csv.printRecord(e.line(), e.record(), e.column(), e.message());
                        if (shown.size() < 10) {
                            shown.add(e);
                        }
                        after = e.record();
                    }
                } while (page.size() == 5000);
            }
            shown.forEach(e -> out.printf("  line %d, %s: %s%n", e.line(), e.column(), e.message()));
            out.println("All row errors: " + report);
        }
        exitCode = switch (job.status()) {
            case SUCCEEDED -> job.rejected() > 0 ? 3 : 0;
            default -> 1;
        };
    }

    private Tenants.TenantRef tenant(String wanted) {
        List<Tenants.TenantRef> all = tenants.all();
        if (wanted == null && all.size() == 1) {
            return all.get(0);
        }
        for (Tenants.TenantRef t : all) {
            if (t.id().toString().equals(wanted) || t.name().equalsIgnoreCase(String.valueOf(wanted))) {
                return t;
            }
        }
        StringBuilder message = new StringBuilder(wanted == null ? "say which tenant with --tenant:"
                : "no tenant " + wanted + "; the tenants are:");
        all.forEach(t -> message.append("\n  ").append(t.id()).append("  ").append(t.name()));
        usage(message.toString());
        return null;
    }

    private void usage(String problem) {
        err.println(problem);
        err.println(USAGE);
        exitCode = 2;
    }

    private static String first(Map<String, List<String>> options, String name) {
        List<String> values = options.get(name);
        return values == null || values.isEmpty() ? null : values.get(values.size() - 1);
    }

    /** Reads {@code --name value} and {@code --name=value}; Spring's own {@code --spring.*} settings pass by. */
    static String parse(String[] args, Map<String, List<String>> options, List<String> words) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                words.add(arg);
                continue;
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                value = args[++i];
            } else {
                value = null;
            }
            if (name.contains(".")) {
                continue; // a Spring property such as --spring.datasource.url=…
            }
            if (!Set.of("file", "tenant", "map", "delimiter", "amounts", "time-zone", "encoding").contains(name)) {
                return "unknown option --" + name;
            }
            if (value == null) {
                return "--" + name + " needs a value";
            }
            options.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return null;
    }

    /** One line redrawn in place on a terminal; a line per tenth of the file when the output is a log. */
    static final class ProgressBar {

        private final PrintStream out;
        private final long size;
        private final boolean terminal;
        private final long started = System.nanoTime();
        private int lastTenth = -1;
        private String last = "";

        ProgressBar(PrintStream out, long size, boolean terminal) {
            this.out = out;
            this.size = Math.max(size, 1);
            this.terminal = terminal;
        }

        void update(long rows, long bytes, long imported, long duplicates, long rejected) {
            int percent = (int) Math.min(100, bytes * 100 / size);
            double seconds = Math.max((System.nanoTime() - started) / 1e9, 0.001);
            long eta = bytes == 0 ? 0 : (long) (seconds * (size - bytes) / bytes);
            int filled = percent * 30 / 100;
            last = String.format("[%s%s] %3d%%  %,d rows  %,d imported  %,d duplicates  %,d rejected  %,.0f rows/s  ETA %d:%02d",
                    "#".repeat(filled), ".".repeat(30 - filled), percent, rows, imported, duplicates, rejected,
                    rows / seconds, eta / 60, eta % 60);
            if (terminal) {
                out.print("\r" + last);
                out.flush();
            } else if (percent / 10 != lastTenth) {
                lastTenth = percent / 10;
                out.println(last);
            }
        }

        void done() {
            if (terminal && !last.isEmpty()) {
                out.println();
            }
        }
    }
}
