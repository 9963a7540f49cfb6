package io.footbridge.capture.event;

import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code pattern}s of tenant schemas, matched with deadlines: java.util.regex backtracks without bound, so one
 * catastrophic pattern such as {@code (a+)+$} could otherwise hold a request thread for minutes. Each value gets
 * {@code perValue}; inside a {@link #budget()} (one request) all values together get {@code perRequest}, so a
 * payload of many values, each just under its own deadline, cannot multiply the time either.
 */
final class BoundedRegularExpressions implements RegularExpressionFactory {

    static final int MAX_PATTERN_LENGTH = 1000;

    /** Thrown when a pattern runs past its deadline; the value is treated as not matching. */
    static final class TooSlow extends RuntimeException {

        private final boolean budgetSpent;

        TooSlow(boolean budgetSpent) {
            super("a schema pattern took too long to check", null, false, false);
            this.budgetSpent = budgetSpent;
        }

        /** True when the request's time for patterns had run out, rather than this value's. */
        boolean budgetSpent() {
            return budgetSpent;
        }
    }

    /** The time the patterns of one request still have, while it is open on this thread. */
    final class Budget implements AutoCloseable {

        private final boolean owner;

        private Budget(boolean owner) {
            this.owner = owner;
        }

        @Override
        public void close() {
            if (owner) {
                remaining.remove();
            }
        }
    }

    private final long perValueNanos;
    private final long perRequestNanos;
    private final LongSupplier clock;
    private final ThreadLocal<long[]> remaining = new ThreadLocal<>();

    BoundedRegularExpressions(Duration perValue, Duration perRequest) {
        this(perValue, perRequest, System::nanoTime);
    }

    BoundedRegularExpressions(Duration perValue, Duration perRequest, LongSupplier clock) {
        this.perValueNanos = perValue.toNanos();
        this.perRequestNanos = perRequest.toNanos();
        this.clock = clock;
    }

    /** Opens the request's budget on this thread; one opened already (a batch around an item) goes on. */
    Budget budget() {
        if (remaining.get() != null) {
            return new Budget(false);
        }
        remaining.set(new long[]{perRequestNanos});
        return new Budget(true);
    }

    @Override
    public RegularExpression getRegularExpression(String regex) {
        if (regex.length() > MAX_PATTERN_LENGTH) {
            throw new IllegalArgumentException("a pattern is longer than " + MAX_PATTERN_LENGTH + " characters");
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("pattern " + regex + " is not a valid regular expression");
        }
        return value -> matches(pattern, value);
    }

    private boolean matches(Pattern pattern, String value) {
        long[] left = remaining.get();
        if (left != null && left[0] <= 0) {
            throw new TooSlow(true);
        }
        long allowed = left == null ? perValueNanos : Math.min(perValueNanos, left[0]);
        long started = clock.getAsLong();
        try {
            return pattern.matcher(new Deadline(value, started + allowed, clock)).find();
        } catch (TooSlow slow) {
            throw new TooSlow(left != null && allowed < perValueNanos);
        } finally {
            if (left != null) {
                left[0] -= clock.getAsLong() - started;
            }
        }
    }

    /** A CharSequence that checks the clock as the matcher reads it, the only hook java.util.regex offers. */
    private static final class Deadline implements CharSequence {

        private final CharSequence text;
        private final long deadline;
        private final LongSupplier clock;
        private int reads;

        Deadline(CharSequence text, long deadline, LongSupplier clock) {
            this.text = text;
            this.deadline = deadline;
            this.clock = clock;
        }

        @Override
        public char charAt(int index) {
            if ((++reads & 0x3FF) == 0 && clock.getAsLong() > deadline) {
                throw new TooSlow(false);
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Deadline(text.subSequence(start, end), deadline, clock);
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
