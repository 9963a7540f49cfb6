package io.footbridge.hosted.placement;

import com.fasterxml.jackson.annotation.JsonValue;
import io.footbridge.capture.touchpoint.JourneyStage;

import java.util.Locale;

/** Where a code is put; it decides the journey stage of the placement's touchpoint. */
enum PlacementKind {
    SHELF(JourneyStage.IN_STORE), POSTER(JourneyStage.IN_STORE), WINDOW(JourneyStage.PRE_PURCHASE),
    FLYER(JourneyStage.PRE_PURCHASE), TABLE_TENT(JourneyStage.IN_STORE), COUNTER(JourneyStage.PURCHASE),
    PACKAGING(JourneyStage.POST_PURCHASE), RECEIPT(JourneyStage.POST_PURCHASE), OTHER(JourneyStage.IN_STORE);

    private final JourneyStage stage;

    PlacementKind(JourneyStage stage) {
        this.stage = stage;
    }

    JourneyStage stage() {
        return stage;
    }

    @JsonValue
    String value() {
        return name().toLowerCase(Locale.ROOT);
    }
}
