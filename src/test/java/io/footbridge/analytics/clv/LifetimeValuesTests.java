package io.footbridge.analytics.clv;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LifetimeValuesTests {

    private static final LocalDate END = LocalDate.of(2026, 6, 30);

    @Test
    void theSpreadHoldsEveryCustomerOnceAndAddsUpToTheirExpectedValues() {
        List<LifetimeValues.Purchase> purchases = new ArrayList<>();
        Random random = new Random(19);
        for (int c = 0; c < 300; c++) {
            LocalDate first = END.minusDays(30 + random.nextInt(300));
            int visits = random.nextInt(6);
            purchases.add(new LifetimeValues.Purchase("c" + c, first, 1000 + random.nextInt(4000)));
            for (int v = 0; v < visits; v++) {
                LocalDate day = first.plusDays(1 + random.nextInt((int) (END.toEpochDay() - first.toEpochDay())));
                purchases.add(new LifetimeValues.Purchase("c" + c, day, 1000 + random.nextInt(4000)));
            }
        }

        LifetimeValues.Distribution spread = LifetimeValues.of(purchases, END, 52, 12).orElseThrow();

        PurchaseHistories histories = new PurchaseHistories(END, 7);
        purchases.forEach(p -> histories.add(p.customer(), p.day(), p.amount()));
        Fit fit = Fit.of(histories.customers());
        double[] values = histories.customers().stream().mapToDouble(c -> fit.predict(c, 52).value()).sorted()
                .toArray();
        assertThat(spread.customers()).isEqualTo(300);
        assertThat(spread.bins()).hasSize(12);
        assertThat(spread.bins().stream().mapToLong(LifetimeValues.Bin::customers).sum()).isEqualTo(300);
        assertThat(spread.total()).isCloseTo(Arrays.stream(values).sum(), within(1e-6 * spread.total()));
        assertThat(spread.median()).isEqualTo(values[150]);
        assertThat(spread.r()).isEqualTo(fit.purchases().r());
        // every bin holds exactly the customers whose values fall in it (the last one also those above)
        for (int k = 0; k < 12; k++) {
            LifetimeValues.Bin bin = spread.bins().get(k);
            boolean last = k == 11;
            long inside = Arrays.stream(values).filter(v -> v >= bin.from() && (last || v < bin.to())).count();
            assertThat(bin.customers()).as("bin %d", k).isEqualTo(inside);
        }
    }

    @Test
    void tooFewRepeatBuyersGiveNoValues() {
        List<LifetimeValues.Purchase> purchases = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            purchases.add(new LifetimeValues.Purchase("c" + c, END.minusDays(40), 1000));
            purchases.add(new LifetimeValues.Purchase("c" + c, END.minusDays(10), 1000));
        }
        purchases.add(new LifetimeValues.Purchase("once", END.minusDays(5), 1000));

        assertThat(LifetimeValues.of(purchases, END, 52, 12)).isEmpty();
    }
}
