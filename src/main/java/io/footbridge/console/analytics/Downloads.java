package io.footbridge.console.analytics;

import io.footbridge.analytics.Conversions;
import io.footbridge.analytics.Kpis;
import io.footbridge.analytics.Lifetimes;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.StringWriter;
import java.util.List;

/** The analytics page's tables as CSV: one row per figure and currency, money in minor units, shares from 0 to 1. */
final class Downloads {

    private Downloads() {
    }

    @FunctionalInterface
    private interface Rows {
        void print(CSVPrinter printer) throws IOException;
    }

    private static String csv(Rows rows, String... header) throws IOException {
        StringWriter out = new StringWriter();
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(header).get())) {
            rows.print(printer);
        }
        return out.toString();
    }

    static String kpis(Kpis.Figures f) throws IOException {
        Kpis.Figures p = f.previous();
        return csv(printer -> {
            printer.printRecord("sales", "", f.sales(), p.sales());
            printer.printRecord("identified_sales", "", f.identifiedSales(), p.identifiedSales());
            printer.printRecord("capture_rate", "", blank(f.captureRate()), blank(p.captureRate()));
            for (Kpis.Money m : f.revenue()) {
                printer.printRecord("revenue", m.currency(), m.amount(), amount(p.revenue(), m.currency()));
            }
            for (Kpis.Money m : f.averageOrderValue()) {
                printer.printRecord("average_order_value", m.currency(), m.amount(),
                        amount(p.averageOrderValue(), m.currency()));
            }
            printer.printRecord("customers", "", f.customers(), p.customers());
            printer.printRecord("new_customers", "", f.newCustomers(), p.newCustomers());
            printer.printRecord("returning_customers", "", f.returningCustomers(), p.returningCustomers());
            printer.printRecord("repeat_rate", "", blank(f.repeatRate()), blank(p.repeatRate()));
            printer.printRecord("retention_rate", "", blank(f.retentionRate()), "");
            printer.printRecord("nps", "", blank(f.nps().score()), blank(p.nps().score()));
        }, "figure", "currency", "value", "previous");
    }

    static String capture(List<Kpis.Part> parts) throws IOException {
        return csv(printer -> {
            for (Kpis.Part part : parts) {
                for (int i = 0; i < part.revenue().size(); i++) {
                    printer.printRecord(part.key(), part.sales(), part.identifiedSales(), blank(part.captureRate()),
                            part.revenue().get(i).currency(), part.revenue().get(i).amount(),
                            part.identifiedRevenue().get(i).amount());
                }
            }
        }, "key", "sales", "identified_sales", "capture_rate", "currency", "revenue", "identified_revenue");
    }

    static String conversion(Conversions.Figures f) throws IOException {
        return csv(printer -> {
            direction(printer, "online_to_store", f.onlineToStore(), f.days());
            direction(printer, "store_to_online", f.storeToOnline(), f.days());
        }, "direction", "source", "days", "people", "converted", "rate");
    }

    private static void direction(CSVPrinter printer, String name, Conversions.Direction d, int days)
            throws IOException {
        printer.printRecord(name, "all", days, d.people(), d.converted(), blank(d.rate()));
        for (Conversions.Source s : d.bySource()) {
            printer.printRecord(name, s.source(), days, s.people(), s.converted(), blank(s.rate()));
        }
    }

    static String cohorts(List<Kpis.Cohort> cohorts) throws IOException {
        return csv(printer -> {
            for (Kpis.Cohort c : cohorts) {
                for (int k = 0; k < c.retention().size(); k++) {
                    printer.printRecord(c.period(), c.customers(), k, c.retention().get(k));
                }
            }
        }, "cohort", "customers", "period", "share_bought");
    }

    static String lifetime(Lifetimes.LifetimeValue value) throws IOException {
        return csv(printer -> {
            if (value != null) {
                for (Lifetimes.Bin bin : value.bins()) {
                    printer.printRecord(value.currency(), value.horizonWeeks(), bin.from(), bin.to(), bin.customers());
                }
            }
        }, "currency", "horizon_weeks", "expected_value_from", "expected_value_to", "customers");
    }

    private static Object blank(Double value) {
        return value == null ? "" : value;
    }

    private static Object amount(List<Kpis.Money> list, String currency) {
        return list.stream().filter(m -> m.currency().equals(currency)).findFirst().map(m -> (Object) m.amount())
                .orElse("");
    }
}
