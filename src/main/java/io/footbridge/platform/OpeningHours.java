package io.footbridge.platform;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Locale;

/**
 * One interval a store is open on a weekday, on the store's clock: {@code {"day": "monday", "opens": "10:00",
 * "closes": "20:00"}}. A day may have several (a lunch break); a day without any is closed. An interval ends on the
 * day it starts: a night across midnight is two intervals.
 */
public record OpeningHours(
        @NotNull @Pattern(regexp = "(?i)monday|tuesday|wednesday|thursday|friday|saturday|sunday",
                message = "must be a weekday in English, such as monday") String day,
        @NotNull @Pattern(regexp = "([01]\\d|2[0-3]):[0-5]\\d", message = "must be a time such as 09:30") String opens,
        @NotNull @Pattern(regexp = "([01]\\d|2[0-3]):[0-5]\\d", message = "must be a time such as 18:00")
        String closes) {

    public OpeningHours(DayOfWeek day, LocalTime opens, LocalTime closes) {
        this(day.name().toLowerCase(Locale.ROOT), opens.toString(), closes.toString());
    }

    /** Only for an interval that passed validation. */
    public DayOfWeek weekday() {
        return DayOfWeek.valueOf(day.toUpperCase(Locale.ROOT));
    }

    public LocalTime opensAt() {
        return LocalTime.parse(opens);
    }

    public LocalTime closesAt() {
        return LocalTime.parse(closes);
    }

    /** Whether a moment on the store's clock falls within this interval. */
    public boolean covers(DayOfWeek on, LocalTime time) {
        return on == weekday() && !time.isBefore(opensAt()) && time.isBefore(closesAt());
    }
}
