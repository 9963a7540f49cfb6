package io.footbridge.capture.event;

import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;

import java.time.Duration;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code pattern}s of tenant schemas, matched with a deadline: java.util.regex backtracks without bound, so one
 * catastrophic pattern such as {@code (a+)+$} could otherwise hold a request thread for minutes.
 */
final class BoundedRegularExpressions implements RegularExpressionFactory {

    static final int MAX_PATTERN_LENGTH = 1000;

    /** Thrown when a pattern runs past its deadline; the value is treated as not matching. */
    static final class TooSlow extends RuntimeException {
        TooSlow() {
            super("a schema pattern took too long to check", null, false, false);
        }
    }

    private final long budgetNanos;

    BoundedRegularExpressions(Duration budget) {
        this.budgetNanos = budget.toNanos();
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
        return value -> pattern.matcher(new Deadline(value, System.nanoTime() + budgetNanos)).find();
    }

    /** A CharSequence that checks the clock as the matcher reads it, the only hook java.util.regex offers. */
    private static final class Deadline implements CharSequence {

        private final CharSequence text;
        private final long deadline;
        private int reads;

        Deadline(CharSequence text, long deadline) {
            this.text = text;
            this.deadline = deadline;
        }

        @Override
        public char charAt(int index) {
            if ((++reads & 0x3FF) == 0 && System.nanoTime() > deadline) {
                throw new TooSlow();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Deadline(text.subSequence(start, end), deadline);
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
