package io.footbridge.audiences.membership;

import io.footbridge.consent.Channel;
import io.footbridge.consent.Consents;
import io.footbridge.consent.Purpose;
import io.footbridge.identity.IdentityGraph;
import io.footbridge.platform.Actor;
import io.footbridge.platform.AuditLog;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import io.footbridge.audiences.Segments;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

/**
 * A segment's members as an ad platform's audience file, only those with a granted {@code ads} consent (asked of
 * the ledger at the moment of the export). Values are normalised as each platform documents it and hashed with
 * SHA-256 (hex); Google takes country and postcode in clear. Each export is audited with its row count.
 */
@Component
class AudienceExport {

    enum Format {
        /** Meta Custom Audiences: email, phone (digits with country code, no +), fn, ln, ct, zip, country; all hashed. */
        META("meta", "email", "phone", "fn", "ln", "ct", "zip", "country"),
        /** Google Customer Match: Email, Phone (E.164 with +), First Name, Last Name hashed; Country, Zip in clear. */
        GOOGLE("google", "Email", "Phone", "First Name", "Last Name", "Country", "Zip");

        private final String value;
        private final String[] header;

        Format(String value, String... header) {
            this.value = value;
            this.header = header;
        }

        static Optional<Format> of(String value) {
            for (Format f : values()) {
                if (f.value.equals(value)) {
                    return Optional.of(f);
                }
            }
            return Optional.empty();
        }
    }

    private static final int PAGE = 1000;

    private final Segments segments;
    private final SegmentRepository repository;
    private final Consents consents;
    private final IdentityGraph identity;
    private final Stores stores;
    private final JdbcClient jdbc;
    private final AuditLog audit;

    AudienceExport(Segments segments, SegmentRepository repository, Consents consents, IdentityGraph identity,
                   Stores stores, JdbcClient jdbc, AuditLog audit) {
        this.segments = segments;
        this.repository = repository;
        this.consents = consents;
        this.identity = identity;
        this.stores = stores;
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /** Writes the file a page of members at a time, flushing each, so it is never held whole in memory. */
    // no transaction around the stream: a slow reader must not hold a connection and a snapshot open
    void export(Actor actor, UUID segmentId, Format format, Writer out) throws IOException {
        export(actor, segmentId, format, out, people -> people);
    }

    /**
     * As {@link #export(Actor, UUID, Format, Writer)}, telling {@code written} whose rows each page is to hold
     * before they are written; it answers those that may be (a file destination remembers them, and leaves out
     * whoever was erased since the page was read).
     */
    long export(Actor actor, UUID segmentId, Format format, Writer out,
                Function<List<UUID>, Collection<UUID>> written) throws IOException {
        segments.get(actor, segmentId);
        int rows = 0;
        int skipped = 0;
        CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(format.header)
                .setRecordSeparator("\n").get());
        UUID after = null;
        while (true) {
            List<UUID> page = repository.members(segmentId, after, PAGE);
            List<UUID> inFile = new ArrayList<>();
            List<List<String>> lines = new ArrayList<>();
            for (UUID person : page) {
                if (!"granted".equals(consents.status(actor.tenantId(), person, null, null, Channel.ADS,
                        Purpose.MARKETING))) {
                    skipped++;
                    continue;
                }
                List<String> row = row(actor.tenantId(), person, format);
                if (row != null) {
                    lines.add(row);
                    inFile.add(person);
                }
            }
            // told before the rows are written: an erasure from then on finds the person among the recipients
            Set<UUID> kept = new HashSet<>(written.apply(inFile));
            for (int i = 0; i < lines.size(); i++) {
                if (kept.contains(inFile.get(i))) {
                    csv.printRecord(lines.get(i));
                    rows++;
                }
            }
            csv.flush();
            if (page.size() < PAGE) {
                break;
            }
            after = page.get(page.size() - 1);
        }
        audit.record(actor, "segment.exported", "segment", segmentId,
                Map.of("format", format.value, "rows", rows, "withoutAdsConsent", skipped));
        return rows;
    }

    /** The header of a format's file. */
    static String[] header(Format format) {
        return format.header.clone();
    }

    /** An email as the format hashes it (empty for none). */
    static String emailHash(String email) {
        return hash(email == null ? null : email.strip().toLowerCase(Locale.ROOT));
    }

    /** A phone as the format hashes it: Meta digits only, Google E.164 with its {@code +} (empty for none). */
    static String phoneHash(Format format, String phone) {
        if (phone == null) {
            return "";
        }
        return format == Format.META ? hash(phone.replaceAll("[^0-9]", "").replaceFirst("^0+", ""))
                : hash("+" + phone.replaceAll("[^0-9]", ""));
    }

    /** A row of the format with only the hashed email and phone, as a removal file lists the people to drop. */
    static List<String> removalRow(Format format, String emailHash, String phoneHash) {
        // null rather than "": the CSV printer quotes an empty first cell, nothing for a null one
        List<String> row = new ArrayList<>(java.util.Collections.nCopies(format.header.length, null));
        row.set(0, emailHash == null || emailHash.isEmpty() ? null : emailHash);
        row.set(1, phoneHash == null || phoneHash.isEmpty() ? null : phoneHash);
        return row;
    }

    /** One person's row, or null when they have neither an email nor a phone to match on. */
    private List<String> row(UUID tenantId, UUID person, Format format) {
        String email = null;
        String phone = null;
        for (IdentityGraph.LinkedIdentifier id : identity.identifiers(tenantId, person)) {
            if (id.denied()) {
                continue;
            }
            if (email == null && id.type().key().equals("email")) {
                email = id.value();
            } else if (phone == null && id.type().key().equals("phone")) {
                phone = id.value();
            }
        }
        if (email == null && phone == null) {
            return null;
        }
        Map<String, String> traits = traits(tenantId, person);
        String country = traits.get("country");
        if (country == null && traits.containsKey("preferredStore")) {
            country = stores.findByCode(tenantId, traits.get("preferredStore")).map(StoreRef::country).orElse(null);
        }
        String postcode = traits.get("postcode");
        if (format == Format.META) {
            return List.of(emailHash(email), phoneHash(format, phone),
                    hash(letters(traits.get("firstName"))), hash(letters(traits.get("lastName"))),
                    hash(letters(traits.get("city"))),
                    hash(postcode == null ? null : postcode.toLowerCase(Locale.ROOT).replaceAll("[\\s-]", "")),
                    hash(country == null ? null : country.toLowerCase(Locale.ROOT)));
        }
        return List.of(emailHash(email), phoneHash(format, phone),
                hash(lower(traits.get("firstName"))), hash(lower(traits.get("lastName"))),
                country == null ? "" : country.toUpperCase(Locale.ROOT),
                postcode == null ? "" : postcode.strip());
    }

    private Map<String, String> traits(UUID tenantId, UUID person) {
        Map<String, String> traits = new HashMap<>();
        jdbc.sql("SELECT name, trait_value FROM segment_trait WHERE tenant_id = :tenantId AND person_id = :person")
                .param("tenantId", tenantId).param("person", person)
                .query((rs, row) -> traits.put(rs.getString("name"), rs.getString("trait_value"))).list();
        return traits;
    }

    /** Lower case without punctuation, spaces or digits, as Meta wants names and cities; letters beyond a-z stay. */
    private static String letters(String value) {
        return value == null ? null : value.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}]", "");
    }

    private static String lower(String value) {
        return value == null ? null : value.strip().toLowerCase(Locale.ROOT);
    }

    private static String hash(String value) {
        return value == null || value.isEmpty() ? "" : DigestUtils.sha256Hex(value);
    }
}
