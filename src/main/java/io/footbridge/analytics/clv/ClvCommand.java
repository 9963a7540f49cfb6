package io.footbridge.analytics.clv;

import io.footbridge.platform.CommandOptions;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;

/**
 * {@code clv}: fits the BG/NBD and Gamma-Gamma models to a file of purchases and writes each customer's probability
 * of being active and expected purchases and value over a horizon. Runs on its own, without a server or database.
 */
public final class ClvCommand {

    static final String USAGE = """
            usage: java -jar footbridge.jar clv --transactions FILE.csv --calibration-end YYYY-MM-DD
                     [--unit week|day] [--horizon N] [--output PREDICTIONS.csv]
            FILE.csv has the header customer_id,date,amount (ISO dates); --horizon is in the unit (default: one
            year of it).""";

    private ClvCommand() {
    }

    /** Exit status: 0 done, 2 bad arguments or unreadable input. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Path transactions;
        Path output;
        LocalDate calibrationEnd;
        String unit;
        Double horizon;
        try {
            CommandOptions given = CommandOptions.parse(args, CommandOptions.Spec.of("transactions", "output",
                    "calibration-end", "unit", "horizon").after("clv"));
            transactions = given.value("transactions").map(Path::of).orElse(null);
            output = given.value("output").map(Path::of).orElse(null);
            calibrationEnd = given.value("calibration-end").map(LocalDate::parse).orElse(null);
            unit = given.value("unit", "week");
            horizon = given.value("horizon").map(Double::parseDouble).orElse(null);
            if (transactions == null || calibrationEnd == null) {
                throw new IllegalArgumentException("--transactions and --calibration-end are required");
            }
            if (!unit.equals("week") && !unit.equals("day")) {
                throw new IllegalArgumentException("--unit must be week or day");
            }
            if (horizon != null && !(horizon >= 0)) {
                throw new IllegalArgumentException("--horizon must be a number of " + unit + "s, 0 or more");
            }
        } catch (IllegalArgumentException | DateTimeParseException e) {
            err.println("clv: " + e.getMessage() + "\n" + USAGE);
            return 2;
        }
        double daysPerUnit = unit.equals("week") ? 7 : 1;
        double over = horizon != null ? horizon : 365 / daysPerUnit;
        long started = System.nanoTime();
        PurchaseHistories histories = new PurchaseHistories(calibrationEnd, daysPerUnit);
        try (Reader in = Files.newBufferedReader(transactions, StandardCharsets.UTF_8)) {
            histories.read(in);
        } catch (IOException | PurchaseHistories.Unreadable e) {
            err.println("clv: " + transactions + ": " + e.getMessage());
            return 2;
        }
        List<Customer> customers = histories.customers();
        if (customers.isEmpty()) {
            err.println("clv: no purchases on or before " + calibrationEnd);
            return 2;
        }
        long read = System.nanoTime();
        Fit fit = Fit.of(customers);
        long fitted = System.nanoTime();
        out.println(fit.describeBgNbd());
        out.println(fit.describeGammaGamma());
        if (output != null) {
            try (Writer file = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
                write(file, customers, fit, over);
            } catch (IOException e) {
                err.println("clv: cannot write " + output + ": " + e.getMessage());
                return 2;
            }
        }
        err.printf(Locale.ROOT, "clv: %,d customers; read %.2f s, fit %.2f s, total %.2f s%n", customers.size(),
                (read - started) / 1e9, (fitted - read) / 1e9, (System.nanoTime() - started) / 1e9);
        return 0;
    }

    private static void write(Writer file, List<Customer> customers, Fit fit, double horizon) throws IOException {
        CSVPrinter csv = new CSVPrinter(file, CSVFormat.DEFAULT.builder().setHeader("customer_id", "frequency",
                "recency", "T", "monetary", "p_alive", "expected_purchases", "expected_value").get());
        for (Customer c : customers) {
            Fit.Prediction p = fit.predict(c, horizon);
            csv.printRecord(c.id(), c.frequency(), number(c.recency()), number(c.age()), number(c.monetary()),
                    number(p.probabilityAlive()), number(p.purchases()), number(p.value()));
        }
        csv.flush();
    }

    /**
     * Six decimals, as {@code %.6f} writes them; done by hand because {@code String.format} took most of the
     * command's time on a file of tens of thousands of customers.
     */
    static String number(double value) {
        if (!Double.isFinite(value) || Math.abs(value) >= 1e12) {
            return String.format(Locale.ROOT, "%.6f", value);
        }
        long micros = Math.round(Math.abs(value) * 1e6);
        String fraction = Long.toString(1_000_000 + micros % 1_000_000).substring(1);
        String sign = value < 0 && micros != 0 ? "-" : "";
        return sign + (micros / 1_000_000) + "." + fraction;
    }
}
