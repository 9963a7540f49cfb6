package io.footbridge.analytics.clv;

/**
 * One customer's purchase history in the calibration period, in the model's time unit: {@code frequency} the
 * number of repeat purchases (purchase days after the first), {@code recency} the time from the first purchase to
 * the last, {@code age} (the literature's T) the time from the first purchase to the end of the period, and
 * {@code monetary} the mean value of the repeat purchases (0 without any).
 */
record Customer(String id, int frequency, double recency, double age, double monetary) {
}
