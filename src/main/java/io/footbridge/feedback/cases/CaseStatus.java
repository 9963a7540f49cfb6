package io.footbridge.feedback.cases;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Where a case stands, and where it may go next. A closed case stays closed (a new complaint is a new case); a
 * resolved one may be reopened (to in progress) when the customer is not satisfied, or closed.
 */
public enum CaseStatus {
    OPEN, IN_PROGRESS, WAITING_FOR_CUSTOMER, RESOLVED, CLOSED;

    @JsonValue
    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<CaseStatus> of(String value) {
        return Arrays.stream(values()).filter(s -> s.value().equals(value)).findFirst();
    }

    public Set<CaseStatus> next() {
        return switch (this) {
            case OPEN -> EnumSet.of(IN_PROGRESS, WAITING_FOR_CUSTOMER, RESOLVED, CLOSED);
            case IN_PROGRESS -> EnumSet.of(OPEN, WAITING_FOR_CUSTOMER, RESOLVED, CLOSED);
            case WAITING_FOR_CUSTOMER -> EnumSet.of(IN_PROGRESS, RESOLVED, CLOSED);
            case RESOLVED -> EnumSet.of(IN_PROGRESS, CLOSED);
            case CLOSED -> EnumSet.noneOf(CaseStatus.class);
        };
    }

    /** Still to be worked on. */
    public boolean active() {
        return this != RESOLVED && this != CLOSED;
    }
}
