package io.footbridge.analytics.clv;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.Reader;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds customers' histories from purchases: purchases on the same day count as one (their amounts added), the
 * first day starts the history and is not a repeat, and purchases after the calibration end are left out.
 */
final class PurchaseHistories {

    /** A row the file could not be read from, with its line. */
    static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message);
        }
    }

    private final LocalDate calibrationEnd;
    private final double daysPerUnit;
    private final Map<String, Days> byCustomer = new LinkedHashMap<>();

    PurchaseHistories(LocalDate calibrationEnd, double daysPerUnit) {
        this.calibrationEnd = calibrationEnd;
        this.daysPerUnit = daysPerUnit;
    }

    /** Adds one purchase; those after the calibration end are ignored. */
    void add(String customer, LocalDate date, double amount) {
        if (date.isAfter(calibrationEnd)) {
            return;
        }
        byCustomer.computeIfAbsent(customer, k -> new Days()).add((int) date.toEpochDay(), amount);
    }

    /** Reads {@code customer_id,date,amount} rows with a header, ISO dates, amounts as decimal numbers. */
    void read(Reader in) throws IOException, Unreadable {
        CSVFormat format = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get();
        try (CSVParser parser = CSVParser.parse(in, format)) {
            for (String column : List.of("customer_id", "date", "amount")) {
                if (!parser.getHeaderMap().containsKey(column)) {
                    throw new Unreadable("the header must name customer_id, date and amount; " + column + " is missing");
                }
            }
            for (CSVRecord row : parser) {
                try {
                    double amount = Double.parseDouble(row.get("amount"));
                    if (!Double.isFinite(amount) || row.get("customer_id").isEmpty()) {
                        throw new IllegalArgumentException("not a purchase");
                    }
                    add(row.get("customer_id"), LocalDate.parse(row.get("date")), amount);
                } catch (DateTimeParseException | IllegalStateException
                         | IllegalArgumentException e) {
                    throw new Unreadable("line " + parser.getCurrentLineNumber() + ": needs customer_id, an ISO date"
                            + " (YYYY-MM-DD) and a numeric amount");
                }
            }
        }
    }

    List<Customer> customers() {
        long end = calibrationEnd.toEpochDay();
        List<Customer> customers = new ArrayList<>(byCustomer.size());
        byCustomer.forEach((id, days) -> customers.add(days.summary(id, end, daysPerUnit)));
        return customers;
    }

    /** One customer's purchase days and amounts, in arrival order until summarised. */
    private static final class Days {
        int[] day = new int[2];
        double[] amount = new double[2];
        int size;

        void add(int d, double value) {
            if (size == day.length) {
                day = Arrays.copyOf(day, size * 2);
                amount = Arrays.copyOf(amount, size * 2);
            }
            day[size] = d;
            amount[size] = value;
            size++;
        }

        Customer summary(String id, long end, double daysPerUnit) {
            Integer[] order = new Integer[size];
            for (int i = 0; i < size; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (i, j) -> Integer.compare(day[i], day[j]));
            int first = day[order[0]];
            int last = first;
            int repeats = 0;
            double repeatValue = 0;
            for (int k = 0; k < size; k++) {
                int d = day[order[k]];
                if (d != first) {
                    if (d != last) {
                        repeats++;
                    }
                    repeatValue += amount[order[k]];
                }
                last = d;
            }
            return new Customer(id, repeats, (last - first) / daysPerUnit, (end - first) / daysPerUnit,
                    repeats == 0 ? 0 : repeatValue / repeats);
        }
    }
}
