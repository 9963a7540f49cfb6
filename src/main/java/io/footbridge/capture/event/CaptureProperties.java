package io.footbridge.capture.event;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

import java.time.Duration;
import java.time.Instant;

/**
 * @param maxLateness    how old an event's occurredAt may be when it arrives through the API (older history is
 *                       imported instead)
 * @param maxClockSkew   how far in the future occurredAt may be, to allow for devices with a fast clock
 * @param maxBatchSize   events per batch request
 * @param maxPropertiesSize size of one event's properties as JSON
 */
@ConfigurationProperties("footbridge.capture")
public record CaptureProperties(@DefaultValue("30d") Duration maxLateness,
                                @DefaultValue("5m") Duration maxClockSkew,
                                @DefaultValue("1000") int maxBatchSize,
                                @DefaultValue("32KB") DataSize maxPropertiesSize) {

    /** Why an occurredAt falls outside the accepted window, or null when it is inside. */
    public String occurredAtProblem(Instant occurredAt, Instant now) {
        String future = futureProblem(occurredAt, now);
        if (future != null) {
            return future;
        }
        if (occurredAt.isBefore(now.minus(maxLateness))) {
            return "is older than the " + maxLateness.toDays() + " days the API accepts; import history as CSV instead";
        }
        return null;
    }

    /** Imported history may be of any age, but not from the future. */
    public String futureProblem(Instant occurredAt, Instant now) {
        if (occurredAt.isAfter(now.plus(maxClockSkew))) {
            return "is in the future by more than the allowed clock skew of " + maxClockSkew.toMinutes() + " minutes";
        }
        return null;
    }
}
