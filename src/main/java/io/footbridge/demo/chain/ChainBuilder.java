package io.footbridge.demo.chain;

import io.footbridge.capture.Backfill;
import io.footbridge.demo.DemoWorld;
import io.footbridge.feedback.FeedbackDesk;
import io.footbridge.identity.IdentifierType;
import io.footbridge.identity.IdentityGraph;
import io.footbridge.offers.IssuedCoupon;
import io.footbridge.offers.OfferDesk;
import io.footbridge.consent.ConsentSettings;
import io.footbridge.platform.Actor;
import io.footbridge.platform.BrandKit;
import io.footbridge.platform.Provisioning;
import io.footbridge.platform.Scope;
import io.footbridge.platform.StoreRef;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;

/**
 * Builds the chain day by day: sales whose number follows the season, the weekday and the hour within each store's
 * opening hours, with a share tied to a known customer that grows as touchpoints roll out (Wi-Fi, QR codes, the
 * loyalty club, workshops), and the events those touchpoints capture. Everything goes through capture's
 * {@link Backfill} in batches, so identity, consent and receipts follow as they do live.
 */
@Component
class ChainBuilder implements DemoWorld {

    private static final int BATCH = 1000;
    /** Sales this recent ask for a digital receipt, which is made and sent now: older ones were printed. */
    private static final int RECEIPT_DAYS = 7;

    private final Provisioning provisioning;
    private final Backfill backfill;
    private final OfferDesk offerDesk;
    private final FeedbackDesk feedbackDesk;
    private final IdentityGraph identity;
    private final BackgroundWork background;
    private final ReceiptReaders readers;
    private final BrandKit brand;
    private final ConsentSettings consent;
    private final JsonMapper json;
    private final DemoSegments segments;
    private final DemoCampaign campaign;
    private final DemoJourneys journeys;
    private final DemoLoyalty loyalty;

    ChainBuilder(Provisioning provisioning, Backfill backfill, OfferDesk offerDesk, FeedbackDesk feedbackDesk,
                 IdentityGraph identity, BackgroundWork background, ReceiptReaders readers, BrandKit brand,
                 ConsentSettings consent, JsonMapper json, DemoSegments segments,
                 DemoCampaign campaign, DemoJourneys journeys, DemoLoyalty loyalty) {
        this.journeys = journeys;
        this.segments = segments;
        this.loyalty = loyalty;
        this.provisioning = provisioning;
        this.backfill = backfill;
        this.offerDesk = offerDesk;
        this.feedbackDesk = feedbackDesk;
        this.identity = identity;
        this.background = background;
        this.readers = readers;
        this.brand = brand;
        this.consent = consent;
        this.json = json;
        this.campaign = campaign;
    }

    @Override
    public Built build(UUID tenantId, Options options) {
        long started = System.nanoTime();
        Run run = new Run(tenantId, options, LocalDate.now(ZoneOffset.UTC));
        run.setUp();
        loyalty.setUp(run.admin);
        run.history();
        run.strays();
        background.await(tenantId, Duration.ofMinutes(10));
        run.receipts();
        run.coupons();
        run.feedback();
        background.await(tenantId, Duration.ofMinutes(10));
        UUID mailable = segments.add(run.admin, run.shops.get(0).code());
        run.campaign(mailable);
        loyalty.redeem(run.admin, run.shops.get(0).code(), run.prefix);
        background.await(tenantId, Duration.ofMinutes(10));
        journeys.add(run.admin);
        return new Built(tenantId, run.first, run.last, run.shops.size(), run.sales, run.events,
                run.managers, Duration.ofNanos(System.nanoTime() - started));
    }

    /** One build: its random numbers, its stores and what it has written so far. */
    private final class Run {

        final Actor admin;
        final Options options;
        final SplittableRandom random;
        final List<Chain.Shop> shops;
        final List<StoreRef> stores = new ArrayList<>();
        final List<String> managers = new ArrayList<>();
        final LocalDate first;
        final LocalDate last;
        final int months;
        final double[] share;
        final Customers customers;
        final String prefix;
        final List<JsonNode> pendingSales = new ArrayList<>();
        final List<JsonNode> pendingEvents = new ArrayList<>();
        final Set<Integer> seen = new HashSet<>();
        final Set<Integer> signedUp = new HashSet<>();
        final Set<Integer> withdrawn = new HashSet<>();
        final double base;
        long sales;
        long events;
        int eventNo;

        Run(UUID tenantId, Options options, LocalDate today) {
            this.admin = Actor.system(tenantId, "demo", Set.of(Scope.ADMIN));
            this.options = options;
            this.random = new SplittableRandom(options.seed());
            this.shops = Chain.STORES.subList(0, options.stores());
            this.months = options.months();
            this.last = today.minusDays(1);
            this.first = today.minusMonths(months);
            this.share = new double[months];
            for (int m = 0; m < months; m++) {
                share[m] = 0.08 + 0.06 * m / Math.max(1, months - 1)
                        + (rolledOut(m, 1) ? 0.10 : 0) + (rolledOut(m, 2) ? 0.08 : 0)
                        + (rolledOut(m, 3) ? 0.14 : 0) + (rolledOut(m, 4) ? 0.06 : 0);
            }
            this.customers = new Customers(random.split(), options.customers(), shops, months, share);
            this.prefix = "demo-" + options.seed() + "-";
            // about one sale a customer over the chain's life (most are seen once or twice, regulars often),
            // shared over its stores and open days: some ten a day in a small shop
            this.base = Math.max(3, Math.min(60, options.customers() * 1.2 / options.stores() / (months * 26.0)));
        }

        /** Touchpoints roll out in steps: Wi-Fi (1), QR codes (2), the loyalty club (3), workshops (4). */
        boolean rolledOut(int month, int step) {
            return (month + 1.0) / months > step / 6.0;
        }

        void setUp() {
            for (Chain.Shop shop : shops) {
                StoreRef store = provisioning.createStore(admin, new Provisioning.NewStore(shop.code(), shop.name(),
                        shop.street(), shop.postcode(), shop.city(), shop.country(), shop.zone(), shop.currency(),
                        shop.latitude(), shop.longitude(), shop.openingHours()));
                stores.add(store);
                String code = shop.code().toLowerCase(Locale.ROOT);
                backfill.touchpoint(admin, code + "-till", "pos_register", shop.code(), shop.name() + " tills",
                        "purchase");
                backfill.touchpoint(admin, code + "-wifi", "wifi_portal", shop.code(), shop.name() + " guest Wi-Fi",
                        "in_store");
                backfill.touchpoint(admin, code + "-qr-window", "qr_code", shop.code(),
                        shop.name() + " window poster", "pre_purchase");
                backfill.touchpoint(admin, code + "-qr-fitting", "qr_code", shop.code(),
                        shop.name() + " fitting room card", "in_store");
                backfill.touchpoint(admin, code + "-workshop", "event", shop.code(), shop.name() + " workshops",
                        "post_purchase");
                String manager = "manager." + code + "@" + options.staffDomain();
                provisioning.createStaff(admin, manager, "Manager " + shop.name(), "store_manager",
                        STAFF_PASSWORD, List.of(shop.code()));
                managers.add(manager);
            }
            backfill.touchpoint(admin, "web-shop", "web", null, "larch-linden.example web shop", "pre_purchase");
            readers.linkShop(admin);
            brand.save(admin, new BrandKit.BrandForm(Chain.NAME, null, Chain.GREEN, "#ffffff", "#1a1a1a", "en",
                    "https://larch-linden.example/privacy"));
            for (Chain.Wording wording : Chain.WORDINGS) {
                consent.register(admin, new ConsentSettings.WordingForm(wording.version(), null, "en",
                        wording.channel(), "marketing", wording.text()));
            }
            for (Chain.Item item : Chain.CATALOGUE) {
                for (String currency : shops.stream().map(Chain.Shop::currency).distinct().toList()) {
                    if (currency.equals("EUR")) {
                        backfill.product(admin, item.sku(), item.name(), item.category(), item.priceEur(), "EUR");
                    }
                }
            }
        }

        void history() {
            for (LocalDate day = first; !day.isAfter(last); day = day.plusDays(1)) {
                int month = Math.min(months - 1, (int) java.time.temporal.ChronoUnit.MONTHS.between(first, day));
                for (int s = 0; s < shops.size(); s++) {
                    day(s, day, month);
                }
                if (pendingSales.size() >= BATCH) {
                    flushSales();
                }
                if (pendingEvents.size() >= BATCH) {
                    flushEvents();
                }
            }
            flushSales();
            flushEvents();
        }

        private void day(int s, LocalDate day, int month) {
            Chain.Shop shop = shops.get(s);
            int[] hours = shop.hoursOn(day.getDayOfWeek());
            if (hours == null || holiday(day)) {
                return;
            }
            double expected = base * shop.size() * Chain.SEASON[day.getMonthValue() - 1]
                    * Chain.WEEKDAY[day.getDayOfWeek().getValue() - 1];
            int count = poisson(expected);
            ZoneId zone = ZoneId.of(shop.zone());
            for (int i = 0; i < count; i++) {
                Instant at = moment(day, hours, zone);
                sale(s, day, month, i, at);
            }
            touchpoints(s, day, month, hours, zone, count);
        }

        private boolean holiday(LocalDate day) {
            return day.getMonthValue() == 12 && (day.getDayOfMonth() == 25 || day.getDayOfMonth() == 26)
                    || day.getMonthValue() == 1 && day.getDayOfMonth() == 1;
        }

        /** A time within opening hours, busiest at lunch and after work. */
        private Instant moment(LocalDate day, int[] hours, ZoneId zone) {
            double[] weights = new double[hours[1] - hours[0]];
            for (int h = 0; h < weights.length; h++) {
                double hour = hours[0] + h + 0.5;
                weights[h] = 0.5 + 0.6 * Math.exp(-Math.pow(hour - 12.75, 2) / 2)
                        + 0.9 * Math.exp(-Math.pow(hour - 17.5, 2) / 3)
                        + (day.getDayOfWeek() == DayOfWeek.SATURDAY ? 0.4 * Math.exp(-Math.pow(hour - 14.5, 2) / 6) : 0);
            }
            int hour = hours[0] + Customers.pick(random, weights);
            return ZonedDateTime.of(day, java.time.LocalTime.of(hour, random.nextInt(60), random.nextInt(60)), zone)
                    .toInstant();
        }

        private void sale(int s, LocalDate day, int month, int i, Instant at) {
            Chain.Shop shop = shops.get(s);
            ObjectNode sale = json.createObjectNode();
            sale.put("transactionId", shop.code() + "-" + day.toString().replace("-", "") + "-" + (i + 1));
            sale.put("store", shop.code());
            sale.put("touchpoint", shop.code().toLowerCase(Locale.ROOT) + "-till");
            sale.put("register", String.valueOf(1 + random.nextInt(shop.size() > 1 ? 3 : 2)));
            sale.put("occurredAt", at.toString());
            sale.put("currency", shop.currency());
            ArrayNode lines = sale.putArray("lines");
            long subtotal = basket(shop, lines);
            long tax = shop.taxIncluded() ? Math.round(subtotal * shop.taxRate() / (1 + shop.taxRate()))
                    : Math.round(subtotal * shop.taxRate());
            sale.put("tax", tax);
            sale.put("taxIncluded", shop.taxIncluded());
            sale.put("total", shop.taxIncluded() ? subtotal : subtotal + tax);
            double p = random.nextDouble();
            sale.put("paymentMethod", p < 0.72 ? "card" : p < 0.9 ? "cash" : "mobile");
            if (random.nextDouble() < share[month]) {
                Customers.Person person = customers.regular(random, s, month);
                if (person != null) {
                    customer(sale, person, shop, day, month);
                }
            } else if (random.nextDouble() < 0.004) {
                // the store's own number typed for a customer who would give none: one identifier, many people
                sale.putObject("customer").put("phone", shop.phonePrefix() + "1".repeat(shop.phoneDigits()));
            }
            pendingSales.add(sale);
        }

        private long basket(Chain.Shop shop, ArrayNode lines) {
            double fx = switch (shop.currency()) {
                case "GBP" -> 0.86;
                case "USD" -> 1.08;
                case "CHF" -> 0.96;
                default -> 1.0;
            };
            List<Chain.Item> chosen = new ArrayList<>();
            chosen.add(item(null));
            if (random.nextDouble() < 0.38) {
                chosen.add(item(Chain.related(chosen.get(0).category())));
            }
            if (random.nextDouble() < 0.12) {
                chosen.add(item(null));
            }
            long subtotal = 0;
            Set<String> skus = new HashSet<>();
            for (Chain.Item item : chosen) {
                if (!skus.add(item.sku())) {
                    continue;
                }
                long price = fx == 1.0 ? item.priceEur() : Math.max(99, Math.round(item.priceEur() * fx / 100.0) * 100 - 1);
                int quantity = item.priceEur() < 3000 && random.nextDouble() < 0.2 ? 2 : 1;
                ObjectNode line = lines.addObject();
                line.put("sku", item.sku());
                line.put("name", item.name());
                line.put("category", item.category());
                line.put("quantity", quantity);
                line.put("unitPrice", price);
                subtotal += price * quantity;
            }
            return subtotal;
        }

        private Chain.Item item(String category) {
            List<Chain.Item> from = category == null ? Chain.CATALOGUE
                    : Chain.CATALOGUE.stream().filter(i -> i.category().equals(category)).toList();
            return from.get(Customers.pick(random, from.stream().mapToDouble(Chain.Item::popularity).toArray()));
        }

        /** What the customer gives at the till, now and then mistyped, with the consent ticks of a first visit. */
        private void customer(ObjectNode sale, Customers.Person person, Chain.Shop shop, LocalDate day, int month) {
            ObjectNode given = sale.putObject("customer");
            double r = random.nextDouble();
            boolean clubOpen = rolledOut(month, 3);
            if (person.member() && clubOpen && r < 0.5) {
                given.put("loyaltyId", person.loyaltyId());
            } else if (r < 0.8) {
                given.put("email", random.nextDouble() < 0.03 ? typo(person.email()) : person.email());
            } else {
                // typed as the customer says it: with the country's trunk prefix, or in full
                given.put("phone", random.nextBoolean() ? person.phone() : local(person.phone(), shop));
            }
            boolean firstVisit = seen.add(person.n());
            ArrayNode ticks = null;
            if (firstVisit && given.has("email")) {
                ticks = sale.putArray("consents");
                ObjectNode tick = ticks.addObject();
                tick.put("channel", "email").put("purpose", "marketing").put("granted", person.emailOptIn())
                        .put("wordingVersion", "till-2025");
            } else if (person.withdraws() && !firstVisit && given.has("email") && random.nextDouble() < 0.2
                    && withdrawn.add(person.n())) {
                ticks = sale.putArray("consents");
                ticks.addObject().put("channel", "email").put("purpose", "marketing").put("granted", false)
                        .put("wordingVersion", "till-2025");
            }
            if (given.has("email") && !day.isBefore(last.minusDays(RECEIPT_DAYS - 1)) && random.nextDouble() < 0.6) {
                sale.put("receipt", "email");
            }
        }

        private String typo(String email) {
            int at = email.indexOf('@');
            int i = random.nextInt(Math.max(1, at - 1));
            return email.substring(0, i) + email.charAt(i + 1) + email.charAt(i) + email.substring(i + 2);
        }

        private String local(String phone, Chain.Shop shop) {
            return switch (shop.country()) {
                case "US" -> phone.substring(2);
                case "DE", "AT", "NL", "GB", "CH" -> "0" + phone.substring(3);
                default -> phone;
            };
        }

        /** The day's Wi-Fi logins, QR scans, club sign-ups, workshop registrations and web visits. */
        private void touchpoints(int s, LocalDate day, int month, int[] hours, ZoneId zone, int salesToday) {
            Chain.Shop shop = shops.get(s);
            String code = shop.code().toLowerCase(Locale.ROOT);
            if (rolledOut(month, 1)) {
                for (int i = poisson(salesToday * 0.15); i > 0; i--) {
                    ObjectNode event = event("wifi.login", shop.code(), code + "-wifi", moment(day, hours, zone));
                    ObjectNode ids = event.putObject("identifiers");
                    ids.put("deviceId", "dev-" + Long.toHexString(random.nextLong()));
                    Customers.Person person = random.nextDouble() < 0.5 ? customers.regular(random, s, month) : null;
                    ObjectNode properties = event.putObject("properties");
                    properties.put("ssid", "LarchLinden-Guest");
                    if (person != null) {
                        ids.put("email", person.email());
                        properties.putArray("consents").addObject().put("channel", "email")
                                .put("purpose", "marketing").put("granted", person.emailOptIn())
                                .put("wordingVersion", "wifi-2025");
                    }
                    add(event);
                }
            }
            if (rolledOut(month, 2)) {
                for (int i = poisson(salesToday * 0.12); i > 0; i--) {
                    String placement = random.nextDouble() < 0.6 ? code + "-qr-window" : code + "-qr-fitting";
                    ObjectNode event = event("qr.scan", shop.code(), placement, moment(day, hours, zone));
                    ObjectNode ids = event.putObject("identifiers");
                    ids.put("anonymousId", "anon-" + Long.toHexString(random.nextLong()));
                    Customers.Person person = random.nextDouble() < 0.3 ? customers.regular(random, s, month) : null;
                    if (person != null && person.member() && rolledOut(month, 3)) {
                        ids.put("loyaltyId", person.loyaltyId());
                    }
                    event.putObject("properties").put("placement", placement)
                            .put("url", "https://larch-linden.example/" + (placement.endsWith("window") ? "new" : "care"));
                    add(event);
                }
            }
            if (rolledOut(month, 3)) {
                for (int i = poisson(salesToday * 0.05); i > 0; i--) {
                    Customers.Person person = customers.regular(random, s, month);
                    if (person == null || !person.member() || !signedUp.add(person.n())) {
                        continue;
                    }
                    ObjectNode event = event("loyalty.signup", shop.code(), code + "-till", moment(day, hours, zone));
                    event.putObject("identifiers").put("email", person.email()).put("phone", person.phone())
                            .put("loyaltyId", person.loyaltyId());
                    ObjectNode properties = event.putObject("properties").put("program", "Linden Club")
                            .put("tier", "green");
                    // the club's own consent, asked apart from the shop's newsletter: its messages (points about to
                    // lapse) pass the gate on it
                    ArrayNode ticks = properties.putArray("consents");
                    ticks.addObject().put("channel", "email").put("purpose", "loyalty")
                            .put("granted", person.emailOptIn()).put("wordingVersion", "club-2025");
                    ticks.addObject().put("channel", "sms").put("purpose", "loyalty")
                            .put("granted", random.nextDouble() < 0.3).put("wordingVersion", "club-2025");
                    add(event);
                }
            }
            if (rolledOut(month, 4) && day.getDayOfWeek() == DayOfWeek.SATURDAY && day.getDayOfMonth() <= 7) {
                workshop(s, day, month, hours, zone);
            }
            for (int i = poisson(salesToday * 0.2); i > 0; i--) {
                ObjectNode event = event("web.page_view", null, "web-shop", moment(day, hours, zone));
                ObjectNode ids = event.putObject("identifiers");
                ids.put("anonymousId", "web-" + Long.toHexString(random.nextLong()));
                ObjectNode properties = event.putObject("properties");
                Customers.Person person = random.nextDouble() < 0.15 ? customers.regular(random, s, month) : null;
                if (person != null) {
                    // came through a tracked link in a message or receipt, which tells who they are
                    ids.put("email", person.email());
                    properties.put("referrer", "https://larch-linden.example/r?utm_source=receipt");
                }
                Chain.Item viewed = item(null);
                properties.put("url", "https://larch-linden.example/" + viewed.sku().toLowerCase(Locale.ROOT));
                add(event);
                if (person != null && random.nextDouble() < 0.25) {
                    // some order online after a visit: the other direction of online-to-offline conversion
                    ObjectNode order = event("online.purchase", null, "web-shop",
                            Instant.parse(event.get("occurredAt").asString()).plusSeconds(300));
                    order.putObject("identifiers").put("email", person.email());
                    order.putObject("properties").put("orderId", "W" + eventNo).put("total", viewed.priceEur())
                            .put("currency", "EUR");
                    add(order);
                }
            }
        }

        /** A monthly workshop: registrations in the two weeks before, most of them checked in on the day. */
        private void workshop(int s, LocalDate day, int month, int[] hours, ZoneId zone) {
            Chain.Shop shop = shops.get(s);
            String code = shop.code().toLowerCase(Locale.ROOT);
            String eventCode = shop.code() + "-" + day.toString().substring(0, 7) + "-WAX";
            int seats = Math.max(4, (int) Math.round(12 * shop.size()));
            Set<Integer> registered = new HashSet<>();
            for (int i = 0; i < seats; i++) {
                Customers.Person person = customers.regular(random, s, month);
                if (person == null || !registered.add(person.n())) {
                    continue;
                }
                Instant registeredAt = moment(day.minusDays(1 + random.nextInt(14)), new int[]{8, 22}, zone);
                ObjectNode registration = event("event.registration", shop.code(), code + "-workshop", registeredAt);
                registration.putObject("identifiers").put("email", person.email());
                String ticket = eventCode + "-" + (i + 1);
                registration.putObject("properties").put("eventCode", eventCode).put("ticketId", ticket)
                        .put("seats", 1);
                add(registration);
                if (random.nextDouble() < 0.75) {
                    ObjectNode checkIn = event("event.checkin", shop.code(), code + "-workshop",
                            ZonedDateTime.of(day, java.time.LocalTime.of(hours[0], 50 + random.nextInt(10)), zone)
                                    .toInstant());
                    checkIn.putObject("identifiers").put("email", person.email());
                    checkIn.putObject("properties").put("eventCode", eventCode).put("ticketId", ticket);
                    add(checkIn);
                }
            }
        }

        private ObjectNode event(String type, String store, String touchpoint, Instant at) {
            ObjectNode event = json.createObjectNode();
            event.put("eventId", prefix + (++eventNo));
            event.put("type", type);
            event.put("occurredAt", at.toString());
            if (store != null) {
                event.put("store", store);
            }
            event.put("touchpoint", touchpoint);
            return event;
        }

        /**
         * QR scans at a pop-up's window poster, sent before the pop-up was set up as a store: the failed events an
         * operator finds in the console with their reason, to replay once the store {@code POP-1} exists.
         */
        void strays() {
            List<JsonNode> scans = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                ObjectNode scan = event("qr.scan", "POP-1", null, last.atTime(11, 7 * i).toInstant(ZoneOffset.UTC));
                scan.remove("touchpoint");
                scan.putObject("properties").put("placement", "window");
                scans.add(scan);
            }
            Backfill.Outcome outcome = backfill.events(admin, "demo", scans);
            if (outcome.accepted() != 0 || outcome.rejections().size() != scans.size()) {
                throw new IllegalStateException("the pop-up's scans were meant to fail for want of their store");
            }
        }

        private void add(ObjectNode event) {
            if (Instant.parse(event.path("occurredAt").asString()).isBefore(Instant.now())) {
                pendingEvents.add(event);
            }
        }

        private void flushSales() {
            if (pendingSales.isEmpty()) {
                return;
            }
            Backfill.Outcome outcome = backfill.sales(admin, "demo", pendingSales);
            if (!outcome.rejections().isEmpty()) {
                throw new IllegalStateException("the demo wrote sales the till would refuse: "
                        + outcome.rejections().subList(0, Math.min(3, outcome.rejections().size())));
            }
            sales += outcome.accepted();
            pendingSales.clear();
        }

        private void flushEvents() {
            if (pendingEvents.isEmpty()) {
                return;
            }
            Backfill.Outcome outcome = backfill.events(admin, "demo", pendingEvents);
            if (!outcome.rejections().isEmpty()) {
                throw new IllegalStateException("the demo wrote events the API would refuse: "
                        + outcome.rejections().subList(0, Math.min(3, outcome.rejections().size())));
            }
            events += outcome.accepted();
            pendingEvents.clear();
        }

        /** The e-mailed receipts of the last week: most opened, some followed to the web shop, in the past. */
        void receipts() {
            readers.read(admin, last.minusDays(RECEIPT_DAYS - 1).atStartOfDay(ZoneOffset.UTC).toInstant(),
                    Instant.now(), random);
        }

        /**
         * This month's win-back offer, 10 % off in each currency, sent by e-mail to some of the known customers on a
         * morning of the last four weeks; about a third bring it to their store within ten days.
         */
        void coupons() {
            LocalDate today = last.plusDays(1);
            Map<String, UUID> offerIn = new HashMap<>();
            for (Chain.Shop shop : shops) {
                offerIn.computeIfAbsent(shop.currency(), currency -> offerDesk.create(admin, new OfferDesk.NewOffer(
                        "Welcome back: 10 % off", "10 % off your next visit, on baskets from 50", new BigDecimal("10"),
                        null, currency, 5000, today.minusDays(30).toString(), today.plusDays(30).toString(),
                        shops.stream().filter(s -> s.currency().equals(currency)).map(Chain.Shop::code).toList())));
            }
            int n = 0;
            for (Customers.Person person : customers.people) {
                if (!seen.contains(person.n()) || !person.emailOptIn() || random.nextDouble() < 0.7) {
                    continue;
                }
                Optional<UUID> profile = identity.findByIdentifier(admin.tenantId(), IdentifierType.EMAIL,
                        person.email());
                if (profile.isEmpty()) {
                    continue;
                }
                Chain.Shop shop = shops.get(person.home());
                ZoneId zone = ZoneId.of(shop.zone());
                LocalDate sent = today.minusDays(2 + random.nextInt(27));
                Instant issuedAt = ZonedDateTime.of(sent, java.time.LocalTime.of(9, random.nextInt(60)), zone)
                        .toInstant();
                IssuedCoupon coupon = offerDesk.issue(admin.tenantId(), offerIn.get(shop.currency()), profile.get(),
                        "email", prefix + "coupon-" + person.n(), issuedAt);
                if (random.nextDouble() < 0.35) {
                    Instant at = openMoment(shop, sent.plusDays(1 + random.nextInt(10)), zone);
                    if (at != null && at.isAfter(issuedAt) && at.isBefore(Instant.now())) {
                        offerDesk.redeem(admin, coupon.code(), shop.code(), shop.code() + "-" + at.atZone(zone)
                                .toLocalDate().toString().replace("-", "") + "-C" + (++n), 6000
                                + random.nextInt(20_000), shop.currency(), at);
                    }
                }
            }
        }

        /**
         * The new-season mailing three weeks ago to everyone who allows email (a fifth held out), and the visits it
         * brought: about a third of those who got it come back within two weeks, more than the holdout's own visits
         * would explain.
         */
        void campaign(UUID segmentId) {
            LocalDate sentOn = last.minusDays(20);
            Chain.Shop first = shops.get(0);
            Set<UUID> reached = campaign.send(admin, segmentId, ZonedDateTime.of(sentOn,
                    java.time.LocalTime.of(9, 0), ZoneId.of(first.zone())).toInstant());
            int n = 0;
            for (Customers.Person person : customers.people) {
                if (!seen.contains(person.n()) || random.nextDouble() > 0.35) {
                    continue;
                }
                Optional<UUID> profile = identity.findByIdentifier(admin.tenantId(), IdentifierType.EMAIL,
                        person.email());
                if (profile.isEmpty() || !reached.contains(profile.get())) {
                    continue;
                }
                Chain.Shop shop = shops.get(person.home());
                ZoneId zone = ZoneId.of(shop.zone());
                Instant at = openMoment(shop, sentOn.plusDays(1 + random.nextInt(12)), zone);
                if (at == null || !at.isBefore(Instant.now())) {
                    continue;
                }
                ObjectNode sale = json.createObjectNode();
                sale.put("transactionId", shop.code() + "-" + at.atZone(zone).toLocalDate().toString()
                        .replace("-", "") + "-M" + (++n));
                sale.put("store", shop.code());
                sale.put("touchpoint", shop.code().toLowerCase(Locale.ROOT) + "-till");
                sale.put("register", "1");
                sale.put("occurredAt", at.toString());
                sale.put("currency", shop.currency());
                long subtotal = basket(shop, sale.putArray("lines"));
                long tax = shop.taxIncluded() ? Math.round(subtotal * shop.taxRate() / (1 + shop.taxRate()))
                        : Math.round(subtotal * shop.taxRate());
                sale.put("tax", tax);
                sale.put("taxIncluded", shop.taxIncluded());
                sale.put("total", shop.taxIncluded() ? subtotal : subtotal + tax);
                sale.put("paymentMethod", "card");
                sale.putObject("customer").put("email", person.email());
                pendingSales.add(sale);
            }
            flushSales();
        }

        /** A moment within the store's hours on that day or the next open one, or null when none is close. */
        private Instant openMoment(Chain.Shop shop, LocalDate day, ZoneId zone) {
            for (int tries = 0; tries < 7; tries++, day = day.plusDays(1)) {
                int[] hours = shop.hoursOn(day.getDayOfWeek());
                if (hours != null && !holiday(day)) {
                    return moment(day, hours, zone);
                }
            }
            return null;
        }

        /**
         * The visit survey on the fitting-room cards: answers from some known customers over the last two months, in
         * their store's opening hours, a case for each detractor, most of them resolved by the store team.
         */
        void feedback() {
            UUID survey = feedbackDesk.createSurvey(admin, "How was your visit?");
            List<String> praise = List.of("Lovely staff, found exactly what I needed.", "Great jacket, great advice.",
                    "Always a pleasure to shop here.", "");
            List<String> complaints = List.of("Waited fifteen minutes at the till.", "My size was out of stock again.",
                    "The zip broke after two weeks.", "Nobody could help me in the fitting room.");
            for (Customers.Person person : customers.people) {
                if (!seen.contains(person.n()) || random.nextDouble() > 0.06) {
                    continue;
                }
                double r = random.nextDouble();
                int score = r < 0.55 ? 9 + random.nextInt(2) : r < 0.8 ? 7 + random.nextInt(2) : random.nextInt(7);
                String comment = score >= 7 ? praise.get(random.nextInt(praise.size()))
                        : complaints.get(random.nextInt(complaints.size()));
                Chain.Shop shop = shops.get(person.home());
                LocalDate day = last.minusDays(random.nextInt(60));
                Instant at = openMoment(shop, day.isBefore(first) ? first : day, ZoneId.of(shop.zone()));
                if (at == null || !at.isBefore(Instant.now())) {
                    continue;
                }
                Optional<UUID> opened = feedbackDesk.answer(admin.tenantId(), survey, stores.get(person.home()).id(),
                        person.email(), score, comment.isEmpty() ? null : comment, prefix + "survey-" + person.n(),
                        at);
                if (opened.isPresent() && random.nextDouble() < 0.6) {
                    feedbackDesk.resolveCase(admin, opened.get(), "We are sorry, " + person.firstName()
                            + ". We have sorted it out and hope to see you again soon.");
                }
            }
        }

        private int poisson(double mean) {
            if (mean <= 0) {
                return 0;
            }
            if (mean > 30) {
                return Math.max(0, (int) Math.round(mean + Math.sqrt(mean) * gaussian()));
            }
            double limit = Math.exp(-mean);
            double product = random.nextDouble();
            int n = 0;
            while (product > limit) {
                product *= random.nextDouble();
                n++;
            }
            return n;
        }

        private double gaussian() {
            return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
        }
    }
}
