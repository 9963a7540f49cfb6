package io.footbridge.capture;

import io.footbridge.platform.Actor;
import tools.jackson.databind.JsonNode;

import java.util.List;

/**
 * Writes the past in bulk through the same checks as the API (events as {@code POST /api/v1/events/batch} takes
 * them, sales as {@code POST /api/v1/transactions} takes them), for in-process writers such as the demo chain: each
 * call is one database transaction, and {@code occurredAt} may be as old as history goes.
 */
public interface Backfill {

    /** What became of a batch: how many items were new, how many were stored before, and why others were not. */
    record Outcome(int accepted, int duplicates, List<String> rejections) {
    }

    /** Events in the API's JSON form; invalid ones go to the failed-events store, as through the API. */
    Outcome events(Actor actor, String source, List<JsonNode> events);

    /** Sales, refunds and voids in the API's JSON form, in the order they happened. */
    Outcome sales(Actor actor, String source, List<JsonNode> sales);

    /** Puts a product into the catalogue, or changes it. */
    void product(Actor actor, String sku, String name, String category, long price, String currency);

    /**
     * Registers a touchpoint.
     *
     * @param type  as the API names it: pos_register, qr_code, wifi_portal, event, web, receipt, survey…
     * @param stage pre_purchase, in_store, purchase or post_purchase
     */
    void touchpoint(Actor actor, String code, String type, String storeCode, String label, String stage);
}
