package io.footbridge.capture.event;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.Set;

/**
 * What of an event's properties may stay once the person is erased: an allow-list, so that a tenant's own property
 * ("note": "Lena asked for …") goes too. Amounts, scores, codes of places and things stay; names, addresses, free
 * text, network details and the query strings of URLs go.
 */
final class Anonymiser {

    private static final Set<String> KEPT = Set.of("transactionId", "originalTransactionId", "total", "currency",
            "itemCount", "categories", "register", "paymentMethod", "receipt", "placement", "tag", "accessPoint",
            "ssid", "vendor", "returning", "program", "tier", "form", "eventCode", "seats", "score", "surveyId",
            "receiptId", "code", "discount", "beaconId", "rssi", "dwellSeconds", "appVersion", "platform", "messageId",
            "channel", "template", "origin", "country", "language", "wordingVersion", "source", "offerId", "caseId", "cta", "via",
            "group", "status");
    private static final Set<String> URLS = Set.of("url", "referrer");

    private Anonymiser() {
    }

    static String properties(JsonMapper json, String propertiesJson) {
        ObjectNode kept = json.createObjectNode();
        if (propertiesJson != null) {
            JsonNode properties = json.readTree(propertiesJson);
            properties.propertyNames().forEach(name -> {
                JsonNode value = properties.get(name);
                if (KEPT.contains(name) && !value.isObject()) {
                    kept.set(name, value);
                } else if (URLS.contains(name) && value.isString()) {
                    String url = value.asString();
                    int cut = url.indexOf('?') >= 0 ? url.indexOf('?') : url.indexOf('#');
                    kept.put(name, cut >= 0 ? url.substring(0, cut) : url);
                } else if (name.equals("consents") && value.isArray()) {
                    // the ticks alone (channel, purpose, yes or no) say nothing about who ticked them
                    var ticks = kept.putArray("consents");
                    value.forEach(tick -> {
                        ObjectNode t = ticks.addObject();
                        for (String field : new String[]{"channel", "purpose", "granted", "wordingVersion"}) {
                            if (tick.has(field) && !tick.get(field).isContainer()) {
                                t.set(field, tick.get(field));
                            }
                        }
                    });
                }
            });
        }
        kept.put("erased", true);
        return kept.toString();
    }
}
