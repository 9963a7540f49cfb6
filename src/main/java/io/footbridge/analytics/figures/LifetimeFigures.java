package io.footbridge.analytics.figures;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.footbridge.analytics.Lifetimes;
import io.footbridge.analytics.clv.LifetimeValues;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Lifetime values fitted from the per-person rollup (a person's purchase days and what they paid). A fit takes a
 * second or so on a large tenant, so one is kept for a few minutes per tenant, stores and day.
 */
@Component
class LifetimeFigures implements Lifetimes {

    private static final int BINS = 12;

    private final KpiFigures kpis;
    private final Cache<List<Object>, Optional<LifetimeValue>> fits = Caffeine.newBuilder().maximumSize(200)
            .expireAfterWrite(Duration.ofMinutes(10)).build();

    LifetimeFigures(KpiFigures kpis) {
        this.kpis = kpis;
    }

    @Override
    public Optional<LifetimeValue> of(UUID tenantId, Set<UUID> storeIds, LocalDate last) {
        return fits.get(java.util.Arrays.asList(tenantId, storeIds, last), key -> fit(tenantId, storeIds, last));
    }

    private Optional<LifetimeValue> fit(UUID tenantId, Set<UUID> storeIds, LocalDate last) {
        List<KpiFigures.PersonDay> all = kpis.personDays(tenantId, storeIds, last);
        Map<String, Long> byCurrency = new HashMap<>();
        all.forEach(p -> byCurrency.merge(p.currency(), p.purchases(), Long::sum));
        Optional<String> currency = byCurrency.entrySet().stream().max(Map.Entry.<String, Long>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey())).map(Map.Entry::getKey);
        if (currency.isEmpty()) {
            return Optional.empty();
        }
        List<LifetimeValues.Purchase> purchases = new ArrayList<>();
        for (KpiFigures.PersonDay p : all) {
            // a day's purchases refunded in full are no spend, but still a visit the customer made
            if (p.currency().equals(currency.get())) {
                purchases.add(new LifetimeValues.Purchase(p.person().toString(), p.day(), Math.max(0, p.net())));
            }
        }
        return LifetimeValues.of(purchases, last, HORIZON_WEEKS, BINS).map(d -> new LifetimeValue(currency.get(),
                last, HORIZON_WEEKS, d.r(), d.alpha(), d.a(), d.b(), d.p(), d.q(), d.gamma(), d.customers(),
                Math.round(d.total()), Math.round(d.median()), d.bins().stream()
                .map(b -> new Bin(Math.round(b.from()), Math.round(b.to()), b.customers())).toList()));
    }
}
