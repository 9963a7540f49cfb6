package io.footbridge.analytics.clv;

import java.util.List;
import java.util.Locale;

/** Both models fitted to the same customers, and what they predict for one of them. */
record Fit(BgNbd purchases, GammaGamma spend) {

    /** Over a horizon: the probability of being active now, and the purchases and their value expected. */
    record Prediction(double probabilityAlive, double purchases, double value) {
    }

    static Fit of(List<Customer> customers) {
        return new Fit(BgNbd.fit(customers), GammaGamma.fit(customers));
    }

    Prediction predict(Customer c, double horizon) {
        double expected = purchases.expectedPurchases(c, horizon);
        return new Prediction(purchases.probabilityAlive(c), expected, expected * spend.expectedValue(c));
    }

    String describeBgNbd() {
        return String.format(Locale.ROOT, "bgnbd r=%.6g alpha=%.6g a=%.6g b=%.6g ll=%.6g", purchases.r(),
                purchases.alpha(), purchases.a(), purchases.b(), purchases.logLikelihood());
    }

    String describeGammaGamma() {
        return String.format(Locale.ROOT, "gammagamma p=%.6g q=%.6g gamma=%.6g", spend.p(), spend.q(),
                spend.gamma());
    }
}
