package io.footbridge.capture.imports;

import io.footbridge.capture.event.EventIngestion;
import io.footbridge.capture.event.ValidatedEvent;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Customer lists and CRM exports, one customer per row. Each row becomes a {@code customer.imported} capture event
 * with the identifiers as given; the identity module links them to profiles as it does for any other event. The
 * event id is a digest of the row, so the same row imported twice is a duplicate while a changed row is news.
 */
@Component
class CustomerImport implements ImportHandler {

    static final List<String> COLUMNS = List.of("record_id", "source", "first_name", "last_name", "email", "phone",
            "loyalty_id", "birth_date", "street", "city", "postcode", "country", "language", "store",
            "signed_up_at", "email_marketing", "sms_marketing");
    private static final Set<String> REQUIRED = new LinkedHashSet<>(List.of("record_id"));
    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9 ()./-]{5,32}");
    private static final Pattern LANGUAGE = Pattern.compile("[a-zA-Z]{2,3}(-[A-Za-z0-9]{2,8})*");

    private final EventIngestion ingestion;
    private final Stores stores;
    private final JsonMapper json;

    CustomerImport(EventIngestion ingestion, Stores stores, JsonMapper json) {
        this.ingestion = ingestion;
        this.stores = stores;
        this.json = json;
    }

    @Override
    public ImportKind kind() {
        return ImportKind.CUSTOMERS;
    }

    @Override
    public List<String> columns() {
        return COLUMNS;
    }

    @Override
    public Set<String> requiredColumns() {
        return REQUIRED;
    }

    @Override
    public List<GroupOutcome> importChunk(ImportContext context, List<List<CsvRow>> groups) {
        UUID tenantId = context.actor().tenantId();
        Map<String, Optional<StoreRef>> storeCache = new HashMap<>();
        List<ValidatedEvent> events = new ArrayList<>();
        List<Integer> eventGroup = new ArrayList<>();
        List<GroupOutcome> outcomes = new ArrayList<>(groups.size());
        Set<String> seen = new HashSet<>();
        for (List<CsvRow> group : groups) {
            CsvRow row = group.get(0);
            List<RowError> errors = new ArrayList<>();
            ValidatedEvent event = read(row, tenantId, storeCache, context.now(), errors);
            if (!errors.isEmpty()) {
                outcomes.add(GroupOutcome.rejected(errors));
            } else if (!seen.add(event.eventId())) {
                outcomes.add(GroupOutcome.DUPLICATE);
            } else {
                outcomes.add(GroupOutcome.IMPORTED);
                events.add(event);
                eventGroup.add(outcomes.size() - 1);
            }
        }
        // received now, as this chunk commits: readers of the log judge late commits by this time
        boolean[] inserted = ingestion.append(tenantId, "import",
                java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS), events);
        for (int i = 0; i < inserted.length; i++) {
            if (!inserted[i]) {
                outcomes.set(eventGroup.get(i), GroupOutcome.DUPLICATE);
            }
        }
        return outcomes;
    }

    private ValidatedEvent read(CsvRow row, UUID tenantId, Map<String, Optional<StoreRef>> storeCache, Instant now,
                                List<RowError> errors) {
        String recordId = row.required("record_id", 64, errors);
        String email = row.text("email", 254, errors);
        if (email != null && !EMAIL.matcher(email).matches()) {
            errors.add(row.error("email", "is not an e-mail address"));
        }
        String phone = row.text("phone", 32, errors);
        if (phone != null && (!PHONE.matcher(phone).matches() || phone.chars().filter(Character::isDigit).count() < 5)) {
            errors.add(row.error("phone", "is not a phone number"));
        }
        String loyaltyId = row.text("loyalty_id", 64, errors);
        String firstName = row.text("first_name", 100, errors);
        String lastName = row.text("last_name", 100, errors);
        if (email == null && phone == null && loyaltyId == null && firstName == null && lastName == null
                && errors.isEmpty()) {
            errors.add(row.error("[row]", "a customer needs an e-mail, a phone, a loyalty_id or a name"));
        }
        LocalDate birthDate = row.date("birth_date", errors);
        if (birthDate != null && (birthDate.isAfter(LocalDate.now(ZoneOffset.UTC)) || birthDate.getYear() < 1900)) {
            errors.add(row.error("birth_date", "is not a plausible date of birth"));
        }
        String country = row.text("country");
        if (country != null && !COUNTRIES.contains(country.toUpperCase(Locale.ROOT))) {
            errors.add(row.error("country", "is not an ISO 3166 country code such as DE or FR"));
        }
        String language = row.text("language", 16, errors);
        if (language != null && !LANGUAGE.matcher(language).matches()) {
            errors.add(row.error("language", "is not a language tag such as de or pt-BR"));
        }
        String storeCode = row.text("store");
        StoreRef store = null;
        if (storeCode != null) {
            store = storeCache.computeIfAbsent(storeCode, code -> stores.findByCode(tenantId, code)).orElse(null);
            if (store == null) {
                errors.add(row.error("store", "is not a store of this tenant"));
            }
        }
        Instant signedUp = row.time("signed_up_at", store == null ? ZoneOffset.UTC : store.timeZone(), errors);
        if (signedUp != null && signedUp.isAfter(now.plusSeconds(300))) {
            errors.add(row.error("signed_up_at", "is in the future"));
        }
        Boolean emailMarketing = row.bool("email_marketing", errors);
        Boolean smsMarketing = row.bool("sms_marketing", errors);
        String source = row.text("source", 64, errors);
        String street = row.text("street", 200, errors);
        String city = row.text("city", 100, errors);
        String postcode = row.text("postcode", 20, errors);
        if (!errors.isEmpty()) {
            return null;
        }

        ObjectNode identifiers = json.createObjectNode();
        putIfPresent(identifiers, "email", email);
        putIfPresent(identifiers, "phone", phone);
        putIfPresent(identifiers, "loyaltyId", loyaltyId);
        ObjectNode properties = json.createObjectNode();
        properties.put("recordId", recordId);
        putIfPresent(properties, "source", source);
        putIfPresent(properties, "firstName", firstName);
        putIfPresent(properties, "lastName", lastName);
        putIfPresent(properties, "birthDate", birthDate == null ? null : birthDate.toString());
        putIfPresent(properties, "street", street);
        putIfPresent(properties, "city", city);
        putIfPresent(properties, "postcode", postcode);
        putIfPresent(properties, "country", country == null ? null : country.toUpperCase(Locale.ROOT));
        putIfPresent(properties, "language", language);
        if (emailMarketing != null || smsMarketing != null) {
            var consents = properties.putArray("consents");
            if (emailMarketing != null) {
                consents.addObject().put("channel", "email").put("purpose", "marketing").put("granted", emailMarketing);
            }
            if (smsMarketing != null) {
                consents.addObject().put("channel", "sms").put("purpose", "marketing").put("granted", smsMarketing);
            }
        }
        String identifiersJson = identifiers.isEmpty() ? null : identifiers.toString();
        String propertiesJson = properties.toString();
        return new ValidatedEvent("customer-import:" + digest(identifiersJson + "\u001f" + propertiesJson),
                "customer.imported", signedUp == null ? now : signedUp, store == null ? null : store.id(), null,
                identifiersJson, propertiesJson);
    }

    private static void putIfPresent(ObjectNode node, String name, String value) {
        if (value != null) {
            node.put(name, value);
        }
    }

    private static String digest(String text) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
