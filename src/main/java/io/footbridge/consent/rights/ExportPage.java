package io.footbridge.consent.rights;

import io.footbridge.platform.Brand;
import org.jsoup.nodes.Entities;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The export as a page a person can read: each module's part as headed sections, objects as tables, lists as
 * numbered items; every value escaped. Written out here rather than as a template because the shape of the data
 * is open (each module decides its own).
 */
final class ExportPage {

    private static final Map<String, String> TITLES = Map.of("identity", "Who you are to us", "capture",
            "What we recorded", "consents", "What you allowed", "messages", "What we sent you", "offers",
            "Your coupons", "receipts", "Your receipts", "feedback", "Your feedback", "inbox",
            "What you wrote to us");

    String render(Brand brand, UUID profileId, Instant generatedAt, Map<String, Object> data) {
        StringBuilder html = new StringBuilder("""
                <!DOCTYPE html><html><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
                <title>Your data</title>
                <style>body{font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:60rem;
                margin:2rem auto;padding:0 1rem;color:#1a1a1a}h1{font-size:1.6rem}h2{margin-top:2rem;border-bottom:3px solid %s}
                table{border-collapse:collapse;margin:.25rem 0}td,th{border:1px solid #d4d4d8;padding:.25rem .5rem;
                text-align:left;vertical-align:top}th{background:#f4f4f5;font-weight:600}ol{padding-left:1.5rem}
                .empty{color:#71717a}</style></head><body>
                """.formatted(esc(brand.primaryColor())));
        html.append("<h1>").append(esc("Your data at " + brand.name())).append("</h1>");
        html.append("<p>").append(esc("Everything " + brand.name() + " holds about you, as of " + generatedAt
                + ". Your reference: " + profileId + ".")).append("</p>");
        data.forEach((section, value) -> {
            html.append("<h2>").append(esc(TITLES.getOrDefault(section, section))).append("</h2>");
            value(html, value);
        });
        return html.append("</body></html>").toString();
    }

    @SuppressWarnings("unchecked")
    private static void value(StringBuilder html, Object value) {
        if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                html.append("<span class=\"empty\">—</span>");
                return;
            }
            html.append("<table>");
            ((Map<String, Object>) map).forEach((key, v) -> {
                html.append("<tr><th>").append(esc(words(key))).append("</th><td>");
                value(html, v);
                html.append("</td></tr>");
            });
            html.append("</table>");
        } else if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                html.append("<span class=\"empty\">none</span>");
                return;
            }
            html.append("<ol>");
            for (Object item : list) {
                html.append("<li>");
                value(html, item);
                html.append("</li>");
            }
            html.append("</ol>");
        } else {
            html.append(value == null ? "<span class=\"empty\">—</span>" : esc(String.valueOf(value)));
        }
    }

    /** {@code occurredAt} as "occurred at". */
    private static String words(String key) {
        return key.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT);
    }

    private static String esc(String text) {
        return Entities.escape(text);
    }
}
