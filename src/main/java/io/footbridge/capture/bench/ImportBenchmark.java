package io.footbridge.capture.bench;

import io.footbridge.capture.imports.ImportJob;
import io.footbridge.capture.imports.ImportJobs;
import io.footbridge.capture.imports.ImportKind;
import io.footbridge.capture.imports.ImportOptions;
import io.footbridge.platform.Actor;
import io.footbridge.platform.CommandOptions;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.io.BufferedWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * {@code java -jar footbridge.jar bench import [--lines=1000000]}: generates a CSV of POS sales with that many lines,
 * imports it as the command line does, and prints the time and the peak heap, next to a run a tenth the size, so
 * that memory growing with the file would show.
 */
@Component
@ConditionalOnProperty(name = "footbridge.command", havingValue = "bench")
class ImportBenchmark implements ApplicationRunner {

    private static final String HEADER = "transaction_id,store,register,occurred_at,currency,sku,name,category,"
            + "quantity,unit_price,tax,total,payment_method,email,phone,receipt\n";

    private final Environment environment;
    private final ImportJobs imports;
    private final BenchApi api;

    ImportBenchmark(Environment environment, ImportJobs imports, JsonMapper json) {
        this.environment = environment;
        this.imports = imports;
        this.api = new BenchApi(environment, json);
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        if (!args.getNonOptionArgs().contains("import")) {
            return;
        }
        CommandOptions options = CommandOptions.parse(args.getSourceArgs(),
                CommandOptions.Spec.of("lines").after("bench", "import").passingSpringSettings());
        int lines = options.count("lines", 1_000_000);
        String base = "http://localhost:" + environment.getProperty("local.server.port");
        Runtime runtime = Runtime.getRuntime();
        System.out.printf("%nFootbridge import benchmark: %d cores, Java %s, max heap %d MB%n",
                runtime.availableProcessors(), Runtime.version(), runtime.maxMemory() / (1024 * 1024));
        for (int size : new int[]{Math.max(1, lines / 10), lines}) {
            BenchApi.BenchTenant tenant = api.setUp(base, List.of("pos"));
            Path file = Files.createTempFile("footbridge-bench-", ".csv");
            try {
                generate(file, size);
                System.gc();
                ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
                long start = System.nanoTime();
                ImportJob job = imports.runHere(Actor.system(tenant.tenantId(), "bench", Set.of(ImportKind.TRANSACTIONS
                                .scope())), ImportKind.TRANSACTIONS, file, ImportOptions.defaults(),
                        (rows, bytes, imported, duplicates, rejected) -> {
                        });
                double seconds = (System.nanoTime() - start) / 1e9;
                long peak = ManagementFactory.getMemoryPoolMXBeans().stream()
                        .filter(pool -> pool.getType() == MemoryType.HEAP)
                        .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
                System.out.printf("%,9d lines (%,d MB, %,d sales): %s in %.1f s, %,.0f lines/s, %,d imported, "
                                + "%,d rejected, peak heap %,d MB%n", size, Files.size(file) / (1024 * 1024),
                        job.imported() + job.rejected(), job.status().value(), seconds, size / seconds,
                        job.imported(), job.rejected(), peak / (1024 * 1024));
            } finally {
                Files.deleteIfExists(file);
            }
        }
    }

    /** Sales of one to five lines over a year, a third of them with a customer's e-mail or phone. */
    private static void generate(Path file, int lines) throws Exception {
        Random random = new Random(42);
        LocalDateTime start = LocalDateTime.of(2025, 1, 1, 9, 0);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(HEADER);
            int written = 0;
            int sale = 0;
            StringBuilder rows = new StringBuilder();
            while (written < lines) {
                sale++;
                int count = Math.min(1 + random.nextInt(5), lines - written);
                String id = "S" + sale;
                String time = start.plusMinutes(sale % 525_600).toString().replace('T', ' ');
                String email = sale % 3 == 0 ? "c" + (sale % 50_000) + "@example.com" : "";
                String phone = sale % 3 == 1 ? "+4930" + (1_000_000 + sale % 50_000) : "";
                long total = 0;
                rows.setLength(0);
                long[] prices = new long[count];
                int[] quantities = new int[count];
                for (int i = 0; i < count; i++) {
                    prices[i] = 199 + random.nextInt(5000);
                    quantities[i] = 1 + random.nextInt(3);
                    total += prices[i] * quantities[i];
                }
                for (int i = 0; i < count; i++) {
                    int sku = random.nextInt(500);
                    rows.append(id).append(",BENCH-1,R").append(1 + sale % 4).append(',').append(time)
                            .append(",EUR,SKU-").append(sku).append(",Product ").append(sku).append(",category-")
                            .append(sku % 12).append(',').append(quantities[i]).append(',').append(prices[i])
                            .append(',').append(total * 19 / 119).append(',').append(total).append(",card,")
                            .append(email).append(',').append(phone).append(",email\n");
                }
                out.write(rows.toString());
                written += count;
            }
        }
    }
}
