package io.footbridge.platform;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Moves instants in and out of {@code TIMESTAMP WITH TIME ZONE} columns the same way on H2 and PostgreSQL: always
 * UTC, at the microsecond precision PostgreSQL keeps, so a value read back equals the value written.
 */
public final class Timestamps {

    private Timestamps() {
    }

    public static OffsetDateTime now() {
        return of(Instant.now());
    }

    public static OffsetDateTime of(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
