package io.footbridge.offers.coupon;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * When an offer runs. Each end is either a moment (an ISO instant with an offset) or a wall-clock time that means
 * that time in each store's own zone: a chain's "until 31 May" ends at midnight in Lisbon an hour after it ends in
 * Berlin. A plain date as the end includes that whole day. The end is exclusive.
 */
record Validity(Boundary from, Boundary until) {

    /** The earliest and latest offsets on earth, to bound a wall-clock time across every zone. */
    private static final ZoneOffset EARLIEST = ZoneOffset.ofHours(14);
    private static final ZoneOffset LATEST = ZoneOffset.ofHours(-12);

    static final String FORMAT = "must be an ISO-8601 instant with an offset (2026-05-01T09:00:00+02:00), a local"
            + " date-time (2026-05-01T09:00) or a date (2026-05-01), which then mean that time in each store's zone";

    /** One end as given, and what it means. */
    record Boundary(String text, Instant instant, LocalDateTime local) {

        Instant in(ZoneId zone) {
            return instant != null ? instant : local.atZone(zone).toInstant();
        }

        Instant earliest() {
            return instant != null ? instant : local.toInstant(EARLIEST);
        }

        Instant latest() {
            return instant != null ? instant : local.toInstant(LATEST);
        }

        boolean isLocal() {
            return local != null;
        }
    }

    /** @throws IllegalArgumentException when the text is none of the accepted forms */
    static Boundary parse(String text, boolean end) {
        Boundary boundary = parseForm(text, end);
        // beyond these years no store clock is meaningful, and the databases cannot hold every such instant
        java.time.LocalDateTime at = boundary.local() != null ? boundary.local()
                : java.time.LocalDateTime.ofInstant(boundary.instant(), java.time.ZoneOffset.UTC);
        if (at.getYear() < 1970 || at.getYear() > 9998) {
            throw new IllegalArgumentException("must be between the years 1970 and 9998");
        }
        return boundary;
    }

    private static Boundary parseForm(String text, boolean end) {
        String value = text.strip();
        try {
            return new Boundary(value, OffsetDateTime.parse(value).toInstant(), null);
        } catch (DateTimeParseException notAnInstant) {
            // try the local forms
        }
        try {
            return new Boundary(value, null, LocalDateTime.parse(value));
        } catch (DateTimeParseException notADateTime) {
            // try a date
        }
        try {
            LocalDate date = LocalDate.parse(value);
            return new Boundary(value, null, (end ? date.plusDays(1) : date).atStartOfDay());
        } catch (DateTimeParseException notADate) {
            throw new IllegalArgumentException(FORMAT);
        } catch (java.time.DateTimeException outOfRange) {
            throw new IllegalArgumentException("must be between the years 1970 and 9998");
        }
    }

    static Validity of(String from, String until) {
        return new Validity(parse(from, false), parse(until, true));
    }

    /** The first moment any store may accept the offer. */
    Instant startsBy() {
        return from.earliest();
    }

    /** The moment after which no store anywhere accepts it. */
    Instant endsBy() {
        return until.latest();
    }

    /** Null when the window is sound; otherwise why not. */
    String problem() {
        boolean empty = from.isLocal() && until.isLocal() ? !from.local().isBefore(until.local())
                : !from.isLocal() && !until.isLocal() ? !from.instant().isBefore(until.instant())
                : !startsBy().isBefore(endsBy());
        return empty ? "must be after validFrom" : null;
    }

    boolean notYet(Instant now, ZoneId zone) {
        return now.isBefore(from.in(zone));
    }

    boolean over(Instant now, ZoneId zone) {
        return !now.isBefore(until.in(zone));
    }
}
