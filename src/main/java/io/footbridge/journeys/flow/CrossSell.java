package io.footbridge.journeys.flow;

import io.footbridge.capture.EventRecorder;
import io.footbridge.capture.Sales;
import io.footbridge.capture.product.Product;
import io.footbridge.capture.product.Products;
import io.footbridge.hosted.WebLinks;
import io.footbridge.platform.HostedPages;
import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.util.UriComponentsBuilder;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The cross-sell of a send step: products that go with what the person bought, as shoppable links. The catalogue
 * keeps no relations between products, so the picks are what other buyers of the same products bought on a later
 * day (from the purchase days replenishment keeps), most buyers first, leaving out what the person has bought and
 * what the shop has no page for. Each pick becomes a link of our own whose click is an event of the person and
 * which leads to the shop's page with the web tracker's token, so the visit and an order there are theirs too.
 */
@Component
class CrossSell {

    /** A product put into the message; {@code url} is the tracked link. */
    record Pick(String sku, String name, String category, String price, String url) {

        /** As a template reads it: {{sku}}, {{name}}, {{url}}, and {{category}}, {{price}} when known. */
        Map<String, Object> variables() {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("sku", sku);
            v.put("name", name);
            v.put("url", url);
            if (category != null) {
                v.put("category", category);
            }
            if (price != null) {
                v.put("price", price);
            }
            return v;
        }
    }

    /** A followed link: where to send the browser. */
    record Followed(String target) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();
    /** How many candidates to look at before the catalogue and the person's own purchases thin them out. */
    private static final int CANDIDATES = 50;
    /** How many of the basis's latest purchase days (by other buyers) the picks are drawn from. */
    static final int BUYERS = 1000;

    private final JdbcClient jdbc;
    private final Sales sales;
    private final Products products;
    private final WebLinks webLinks;
    private final HostedPages hosted;
    private final EventRecorder recorder;
    private final StrongestIdentifier strongest;
    private final JsonMapper json;

    CrossSell(JdbcClient jdbc, Sales sales, Products products, WebLinks webLinks, HostedPages hosted,
              EventRecorder recorder, StrongestIdentifier strongest, JsonMapper json) {
        this.jdbc = jdbc;
        this.sales = sales;
        this.products = products;
        this.webLinks = webLinks;
        this.hosted = hosted;
        this.recorder = recorder;
        this.strongest = strongest;
        this.json = json;
    }

    /**
     * Up to {@code count} picks for the entry's person, each with a new tracked link written in the caller's
     * transaction (so a send that is taken back takes its links with it).
     */
    List<Pick> picks(JourneyRepository.Entry e, int count, Instant now) {
        Set<String> basis = basis(e);
        if (basis.isEmpty()) {
            return List.of();
        }
        Set<String> owned = new LinkedHashSet<>(basis);
        owned.addAll(jdbc.sql("""
                        SELECT DISTINCT item FROM journey_purchase_day
                        WHERE tenant_id = :t AND person_id = :p AND kind = 'sku'
                        """)
                .param("t", e.tenantId()).param("p", e.personId()).query(String.class).list());
        List<String> candidates = candidates(e.tenantId(), e.personId(), basis, CANDIDATES + owned.size())
                .stream().filter(sku -> !owned.contains(sku)).toList();
        Map<String, Product> catalogue = products.find(e.tenantId(), candidates);
        List<Pick> picks = new ArrayList<>();
        for (String sku : candidates) {
            Product product = catalogue.get(sku);
            if (product == null || product.archivedAt() != null || product.url() == null) {
                continue; // nothing to link to
            }
            String token = token();
            jdbc.sql("""
                            INSERT INTO journey_link (token, tenant_id, journey_id, entry_id, person_id, sku, url,
                                created_at)
                            VALUES (:token, :t, :j, :e, :p, :sku, :url, :now)
                            """)
                    .param("token", token).param("t", e.tenantId()).param("j", e.journeyId()).param("e", e.id())
                    .param("p", e.personId()).param("sku", sku).param("url", product.url())
                    .param("now", Timestamps.of(now)).update();
            picks.add(new Pick(sku, product.name(), product.category(), price(product),
                    hosted.baseUrl() + "/j/" + token));
            if (picks.size() == count) {
                break;
            }
        }
        return picks;
    }

    /**
     * What other buyers of the basis went on to buy, most buyers first: from the latest {@link #BUYERS} purchase
     * days of the basis only, so a product thousands bought costs what a niche one does (and the picks follow what
     * buyers do now).
     */
    List<String> candidates(UUID tenantId, UUID personId, Set<String> basis, int limit) {
        return jdbc.sql("""
                        SELECT o.item FROM (
                            SELECT person_id, bought_on FROM journey_purchase_day
                            WHERE tenant_id = :t AND kind = 'sku' AND item IN (:basis) AND person_id <> :p
                            ORDER BY bought_on DESC, person_id FETCH FIRST :buyers ROWS ONLY) b
                        JOIN journey_purchase_day o ON o.tenant_id = :t AND o.person_id = b.person_id
                            AND o.kind = 'sku' AND o.bought_on > b.bought_on
                        GROUP BY o.item ORDER BY COUNT(DISTINCT o.person_id) DESC, o.item
                        FETCH FIRST :limit ROWS ONLY
                        """)
                .param("t", tenantId).param("basis", basis).param("p", personId).param("buyers", BUYERS)
                .param("limit", limit).query(String.class).list();
    }

    /**
     * Follows a link: records the first click as a {@code journey.link_clicked} event of the person (later ones are
     * counted), and leads to the product's page, with the web tracker's token when the tenant tracks that site.
     */
    @Transactional
    public Optional<Followed> follow(String token, boolean human, Instant now) {
        if (token == null || token.length() > 32) {
            return Optional.empty();
        }
        var link = jdbc.sql("""
                        SELECT tenant_id, journey_id, entry_id, person_id, sku, url, clicks FROM journey_link
                        WHERE token = :token
                        """)
                .param("token", token).query().listOfRows().stream().findFirst();
        if (link.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> row = link.get();
        UUID tenantId = (UUID) row.get("tenant_id");
        UUID personId = (UUID) row.get("person_id");
        String sku = (String) row.get("sku");
        Optional<String> tracked = tracked((String) row.get("url"), row.get("journey_id"), sku);
        if (tracked.isEmpty()) {
            return Optional.empty(); // a page address the shop's catalogue got wrong leads nowhere, not to an error
        }
        String target = tracked.get();
        if (!human) {
            return Optional.of(new Followed(target)); // a link preview is not a click
        }
        jdbc.sql("""
                        UPDATE journey_link SET clicks = clicks + 1, first_click_at = COALESCE(first_click_at, :now)
                        WHERE token = :token
                        """)
                .param("token", token).param("now", Timestamps.of(now)).update();
        Map<String, String> identifiers = strongest.of(tenantId, personId)
                .map(i -> Map.of(i.type(), i.value())).orElse(Map.of());
        if (!identifiers.isEmpty()) {
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("journeyId", row.get("journey_id").toString());
            properties.put("entryId", row.get("entry_id").toString());
            properties.put("sku", sku);
            recorder.record(tenantId, "journeys", List.of(new EventRecorder.NewEvent("journey-link:" + token,
                    "journey.link_clicked", now, null, null, json.writeValueAsString(identifiers),
                    json.writeValueAsString(properties))));
        }
        return Optional.of(new Followed(webLinks.identifying(tenantId, target, identifiers).orElse(target)));
    }

    /** The product's page with the journey's UTM parameters; empty when its address is no usable http(s) URL. */
    static Optional<String> tracked(String url, Object journeyId, String sku) {
        if (!Products.webUrl(url)) {
            return Optional.empty();
        }
        try {
            String target = UriComponentsBuilder.fromUri(new URI(url)).queryParam("utm_source", "footbridge")
                    .queryParam("utm_medium", "journey").queryParam("utm_campaign", "journey-" + journeyId)
                    .queryParam("utm_content", sku).build().toUriString();
            URI.create(target);
            return Optional.of(target);
        } catch (URISyntaxException | IllegalArgumentException unusable) {
            return Optional.empty();
        }
    }

    /** The SKUs the person bought: the triggering sale's lines, else their latest purchase day's. */
    private Set<String> basis(JourneyRepository.Entry e) {
        Set<String> skus = new LinkedHashSet<>();
        if (e.context() != null) {
            JsonNode transaction = json.readTree(e.context()).get("transactionId");
            if (transaction != null && transaction.isString()) {
                sales.find(e.tenantId(), transaction.asString()).ifPresent(sale -> sale.lines().stream()
                        .filter(l -> l.sku() != null && l.quantity() > 0).forEach(l -> skus.add(l.sku())));
            }
        }
        if (skus.isEmpty()) {
            skus.addAll(jdbc.sql("""
                            SELECT item FROM journey_purchase_day d
                            WHERE tenant_id = :t AND person_id = :p AND kind = 'sku' AND bought_on =
                                (SELECT MAX(bought_on) FROM journey_purchase_day
                                 WHERE tenant_id = :t AND person_id = :p AND kind = 'sku')
                            """)
                    .param("t", e.tenantId()).param("p", e.personId()).query(String.class).list());
        }
        return skus;
    }

    private static String price(Product product) {
        if (product.price() == null || product.currency() == null) {
            return null;
        }
        int digits;
        try {
            digits = Math.max(0, Currency.getInstance(product.currency()).getDefaultFractionDigits());
        } catch (IllegalArgumentException unknown) {
            digits = 2;
        }
        return BigDecimal.valueOf(product.price()).movePointLeft(digits).toPlainString() + " " + product.currency();
    }

    private static String token() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
