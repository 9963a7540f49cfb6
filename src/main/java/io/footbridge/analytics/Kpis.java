package io.footbridge.analytics;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The key figures of a period of store-local days, for some stores, with the same figures for the period of equal
 * length just before. Definitions are in docs/analytics.md; money stays per currency.
 */
public interface Kpis {

    /** An amount in minor units of a currency. */
    record Money(String currency, long amount) {
    }

    /** NPS from −100 to 100 with its 95 % interval; score and interval null without responses. */
    record NpsFigure(Double score, long responses, Double[] ci95) {
    }

    /**
     * @param sales              sales not voided
     * @param identifiedSales    those where the till named the customer
     * @param captureRate        identifiedSales / sales (by count); null without sales
     * @param identifiedRevenue  the revenue of identified sales, per currency (capture rate by revenue)
     * @param revenue            sales' totals less refunds, per currency
     * @param customers          known people who bought in the period
     * @param newCustomers       of them, those whose first purchase ever is in the period
     * @param repeatRate         customers with two or more purchases in the period / customers
     * @param retentionRate      (customers − new customers) / customers of the previous period
     * @param averageOrderValue  revenue / sales, per currency
     * @param previous           the same figures for the period of equal length before (without its own previous)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Figures(LocalDate from, LocalDate to, String store, long sales, long identifiedSales, Double captureRate,
                   List<Money> identifiedRevenue, List<Money> revenue, long customers, long newCustomers,
                   long returningCustomers, Double repeatRate, Double retentionRate, Double purchaseFrequency,
                   List<Money> averageOrderValue, List<Money> revenuePerCustomer, NpsFigure nps, Figures previous) {
    }

    /**
     * @param storeIds the stores to count, null for every store; the caller has checked the reader may see them
     * @param store    the store's code to show, null for every store
     */
    Figures of(UUID tenantId, Set<UUID> storeIds, String store, LocalDate first, LocalDate last);

    /** What the capture rate is cut by. */
    enum Cut {
        STORE, REGISTER, STAFF, TOUCHPOINT, DAY
    }

    /** One part of a cut: its sales, those identified, the capture rate by count, revenue per currency. */
    record Part(String key, long sales, long identifiedSales, Double captureRate, List<Money> revenue,
                List<Money> identifiedRevenue) {
    }

    /** Sales and capture rate of the period per store, register, staff member, touchpoint or day; "" for none. */
    List<Part> capture(UUID tenantId, Set<UUID> storeIds, LocalDate first, LocalDate last, Cut by);

    /** How cohorts are grouped: by the calendar month or the ISO week of their first purchase. */
    enum Grain {
        MONTH, WEEK
    }

    /**
     * A cohort: the people whose first purchase was in {@code period}, how many, and for each period since (0 the
     * first) the share of them who bought in it; the list ends with the period that holds {@code last}.
     */
    record Cohort(String period, long customers, List<Double> retention) {
    }

    /**
     * The retention triangle of the cohorts whose first purchase falls between {@code first} and {@code last}, up to
     * {@code last}. With stores chosen, only purchases in those stores count, the first one included.
     */
    default List<Cohort> cohorts(UUID tenantId, Set<UUID> storeIds, LocalDate first, LocalDate last, Grain grain) {
        return cohorts(tenantId, storeIds, first, last, grain, FirstChannel.ANY);
    }

    /** Whose cohorts: everyone's, or only of people whose first purchase ever was in a store, or online. */
    enum FirstChannel {
        ANY, STORE, ONLINE
    }

    /** The cohorts of people whose first purchase ever was through {@code channel}. */
    List<Cohort> cohorts(UUID tenantId, Set<UUID> storeIds, LocalDate first, LocalDate last, Grain grain,
                         FirstChannel channel);

    /**
     * One store-local day: sales not voided, those identified, revenue (less refunds) and identified revenue per
     * currency, and the period's customers counted once, on the day of their first purchase in the period, as new
     * (first purchase ever) or returning.
     */
    record Day(LocalDate day, long sales, long identifiedSales, List<Money> revenue, List<Money> identifiedRevenue,
               long newCustomers, long returningCustomers) {
    }

    /** Every day from {@code first} to {@code last}, days without sales included. */
    List<Day> days(UUID tenantId, Set<UUID> storeIds, LocalDate first, LocalDate last);
}
