package io.footbridge.capture.event;

import io.footbridge.capture.event.EventTypeSpec.PropertySpec;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.footbridge.capture.event.EventTypeSpec.Kind.ARRAY;
import static io.footbridge.capture.event.EventTypeSpec.Kind.INTEGER;
import static io.footbridge.capture.event.EventTypeSpec.Kind.NUMBER;
import static io.footbridge.capture.event.EventTypeSpec.Kind.STRING;
import static io.footbridge.capture.event.EventTypeSpec.PropertySpec.optional;
import static io.footbridge.capture.event.EventTypeSpec.PropertySpec.required;

/** The built-in event types every tenant can send. Properties not listed are kept as they come. */
final class EventCatalogue {

    private static final Set<String> ANY = Set.of();
    private static final Set<String> PERSON = Set.of("email", "phone", "loyaltyId");
    private static final Set<String> DEVICE = Set.of("anonymousId", "deviceId", "email", "phone", "loyaltyId");

    static final Map<String, EventTypeSpec> BUILT_IN = catalogue(
            spec("pos.purchase", "A sale at the till", true, ANY,
                    required("transactionId", STRING), required("total", INTEGER).range(0, Long.MAX_VALUE),
                    required("currency", STRING), optional("itemCount", INTEGER).range(0, 1_000_000),
                    optional("register", STRING), optional("paymentMethod", STRING), optional("categories", ARRAY)),
            spec("online.purchase", "An order in the online shop, for online-to-offline conversion", false, ANY,
                    required("orderId", STRING), optional("total", INTEGER).range(0, Long.MAX_VALUE),
                    optional("currency", STRING)),
            spec("pos.refund", "Money given back for an earlier sale", true, ANY,
                    required("transactionId", STRING), required("originalTransactionId", STRING),
                    required("total", INTEGER).range(0, Long.MAX_VALUE), required("currency", STRING)),
            spec("pos.void", "A sale cancelled at the till", true, ANY,
                    required("transactionId", STRING), required("originalTransactionId", STRING)),
            spec("qr.scan", "A QR code scanned", false, ANY,
                    optional("placement", STRING), optional("url", STRING)),
            spec("nfc.tap", "An NFC tag tapped", false, ANY,
                    optional("tag", STRING), optional("url", STRING)),
            spec("wifi.login", "A guest logged into the in-store Wi-Fi", true, DEVICE,
                    optional("accessPoint", STRING), optional("ssid", STRING), optional("consents", ARRAY)),
            spec("loyalty.signup", "Joined the loyalty club", false, PERSON,
                    optional("program", STRING), optional("tier", STRING)),
            spec("event.registration", "Registered for an event or workshop", false, PERSON,
                    required("eventCode", STRING), optional("ticketId", STRING), optional("seats", INTEGER).range(1, 1000),
                    optional("title", STRING), optional("startsAt", STRING)),
            spec("event.checkin", "Checked in at an event", false, ANY,
                    required("eventCode", STRING), optional("ticketId", STRING)),
            spec("feedback.submitted", "Answered a survey", false, ANY,
                    optional("score", INTEGER).range(0, 10), optional("comment", STRING), optional("surveyId", STRING)),
            spec("receipt.viewed", "Opened a digital receipt", false, ANY,
                    required("receiptId", STRING)),
            spec("receipt.cta_clicked", "Followed a call to action on a digital receipt", false, ANY,
                    required("receiptId", STRING), required("cta", STRING), optional("via", STRING),
                    optional("offerId", STRING), optional("url", STRING)),
            spec("case.opened", "A complaint case was opened for the customer", false, ANY,
                    required("caseId", STRING), optional("score", INTEGER).range(0, 10), optional("surveyId", STRING)),
            spec("case.resolved", "The customer's complaint case was resolved", false, ANY,
                    required("caseId", STRING), optional("status", STRING)),
            spec("coupon.redeemed", "Redeemed a coupon", true, ANY,
                    required("code", STRING), optional("transactionId", STRING),
                    optional("discount", INTEGER).range(0, Long.MAX_VALUE), optional("currency", STRING)),
            spec("coupon.rolled_back", "A coupon's redemption undone by a refund or void", true, ANY,
                    required("code", STRING), optional("transactionId", STRING),
                    optional("discount", INTEGER).range(0, Long.MAX_VALUE), optional("currency", STRING)),
            spec("beacon.sighting", "A store app saw an in-store beacon", true, Set.of("anonymousId", "deviceId"),
                    required("beaconId", STRING), optional("rssi", NUMBER), optional("dwellSeconds", INTEGER).range(0, 86_400)),
            spec("web.page_view", "Viewed a page of the business's web site", false, DEVICE,
                    required("url", STRING), optional("title", STRING), optional("referrer", STRING)),
            spec("app.open", "Opened the store app", false, Set.of("anonymousId", "deviceId"),
                    optional("appVersion", STRING), optional("platform", STRING)),
            spec("message.clicked", "Followed a link in a message", false, PERSON,
                    required("messageId", STRING), optional("url", STRING), optional("channel", STRING)),
            spec("message.received", "Wrote to the business by SMS or WhatsApp", false, PERSON,
                    required("messageId", STRING), optional("channel", STRING), optional("text", STRING)),
            spec("customer.imported", "A customer record from an imported customer list or CRM export", false, ANY,
                    required("recordId", STRING), optional("source", STRING), optional("firstName", STRING),
                    optional("lastName", STRING), optional("birthDate", STRING), optional("street", STRING),
                    optional("city", STRING), optional("postcode", STRING), optional("country", STRING),
                    optional("language", STRING), optional("consents", ARRAY)));

    private EventCatalogue() {
    }

    static Optional<EventTypeSpec> builtIn(String name) {
        return Optional.ofNullable(BUILT_IN.get(name));
    }

    private static EventTypeSpec spec(String name, String description, boolean requiresStore,
                                      Set<String> identifiersAnyOf, PropertySpec... properties) {
        return new EventTypeSpec(name, description, requiresStore, identifiersAnyOf, List.of(properties), null, null);
    }

    private static Map<String, EventTypeSpec> catalogue(EventTypeSpec... specs) {
        Map<String, EventTypeSpec> map = new LinkedHashMap<>();
        for (EventTypeSpec spec : specs) {
            map.put(spec.name(), spec);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
