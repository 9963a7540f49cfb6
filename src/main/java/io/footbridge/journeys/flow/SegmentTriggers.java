package io.footbridge.journeys.flow;

import io.footbridge.audiences.SegmentEntered;
import io.footbridge.audiences.SegmentLeft;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.UUID;

/** Segment triggers: a person entering (or leaving) a segment enters the active journeys that start on it. */
@Component
class SegmentTriggers {

    private final JourneyRepository repository;
    private final Programs programs;
    private final Entering entering;

    SegmentTriggers(JourneyRepository repository, Programs programs, Entering entering) {
        this.repository = repository;
        this.programs = programs;
        this.entering = entering;
    }

    @ApplicationModuleListener
    void on(SegmentEntered event) {
        enter(event.tenantId(), event.segmentId(), event.personId(), true);
    }

    @ApplicationModuleListener
    void on(SegmentLeft event) {
        enter(event.tenantId(), event.segmentId(), event.personId(), false);
    }

    private void enter(UUID tenantId, UUID segmentId, UUID personId, boolean entered) {
        Instant now = Instant.now();
        for (JourneyRepository.Saved j : repository.active(tenantId)) {
            if (programs.of(j.id(), j.version()).trigger() instanceof Program.SegmentTrigger t
                    && segmentId.equals(t.segmentId()) && t.entered() == entered) {
                entering.enter(j, personId, null, null, now);
            }
        }
    }
}
