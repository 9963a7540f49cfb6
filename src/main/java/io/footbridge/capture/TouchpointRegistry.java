package io.footbridge.capture;

import io.footbridge.platform.Actor;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The tenant's touchpoints for staff pages, with the same checks as the touchpoints API. Problems come as
 * {@link io.footbridge.platform.ProblemException}s naming the field.
 */
public interface TouchpointRegistry {

    List<String> TYPES = List.of("pos_register", "qr_code", "nfc_tag", "wifi_portal", "kiosk", "event", "web", "app",
            "beacon", "receipt", "survey", "other");
    List<String> STAGES = List.of("pre_purchase", "in_store", "purchase", "post_purchase");

    record Touchpoint(UUID id, String code, String type, String store, String label, String stage,
                      Instant createdAt) {
    }

    record NewTouchpoint(String code, String type, String store, String label, String stage) {
    }

    /** Touchpoints of a store, or all the caller may see when the code is null, by code. */
    List<Touchpoint> list(Actor actor, String storeCode, int limit, int offset);

    Touchpoint create(Actor actor, NewTouchpoint touchpoint);
}
