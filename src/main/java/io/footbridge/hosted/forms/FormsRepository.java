package io.footbridge.hosted.forms;

import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

@Repository
class FormsRepository {

    record SignupForm(UUID id, UUID tenantId, String code, UUID storeId, String storeCode, String country,
                      UUID touchpointId, String title, String program, String terms, String marketingEmail,
                      String marketingSms, int wordingVersion, Instant createdAt, Instant updatedAt, String club) {
    }

    record ListedEvent(UUID id, UUID tenantId, String code, String eventCode, UUID storeId, String storeCode,
                       String storeName, String timeZone, UUID touchpointId, String title, String description,
                       Instant startsAt, Instant endsAt, int capacity, int maxSeats, int booked, Instant createdAt,
                       List<String> tiers) {

        ListedEvent {
            tiers = tiers == null ? List.of() : List.copyOf(tiers);
        }
    }

    record Ticket(String token, UUID tenantId, UUID eventId, int seats, String status, String firstName,
                  String email, Instant createdAt, Instant checkedInAt, String checkedInBy) {
    }

    private static final String FORMS = """
            SELECT f.id, f.tenant_id, f.code, f.store_id, f.touchpoint_id, f.title, f.program, f.terms,
                   f.marketing_email, f.marketing_sms, f.wording_version, f.created_at, f.updated_at, f.club
            FROM signup_form f
            """;
    private static final String EVENTS = """
            SELECT e.id, e.tenant_id, e.code, e.event_code, e.store_id, e.touchpoint_id, e.title, e.description,
                   e.starts_at, e.ends_at, e.capacity, e.max_seats, e.booked, e.created_at, e.tiers
            FROM listed_event e
            """;
    private static final String TICKETS = """
            SELECT token, tenant_id, event_id, seats, status, first_name, email, created_at, checked_in_at,
                   checked_in_by
            FROM event_ticket
            """;

    /** No look-alikes (0/o, 1/l/i), so a code can be read off a poster and typed. */
    private static final String CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz";
    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    /** Tier names as stored: a JSON array, since a tier's name may hold a comma. */
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final Stores stores;

    FormsRepository(JdbcClient jdbc, Stores stores) {
        this.jdbc = jdbc;
        this.stores = stores;
    }

    /** A code no form or event has yet, for a new one's page. */
    String freeCode() {
        while (true) {
            char[] code = new char[7];
            for (int i = 0; i < code.length; i++) {
                code[i] = CODE_ALPHABET.charAt(RANDOM.nextInt(CODE_ALPHABET.length()));
            }
            String candidate = new String(code);
            if (!codeTaken(candidate)) {
                return candidate;
            }
        }
    }

    boolean codeTaken(String code) {
        return jdbc.sql("""
                        SELECT (SELECT COUNT(*) FROM signup_form WHERE code = :code)
                             + (SELECT COUNT(*) FROM listed_event WHERE code = :code)
                        """).param("code", code).query(Long.class).single() > 0;
    }

    void insertForm(SignupForm form) {
        jdbc.sql("""
                        INSERT INTO signup_form (id, tenant_id, code, store_id, touchpoint_id, title, program, terms,
                            marketing_email, marketing_sms, wording_version, created_at, updated_at, club)
                        VALUES (:id, :tenantId, :code, :storeId, :touchpointId, :title, :program, :terms, :email, :sms,
                            1, :now, :now, :club)
                        """)
                .param("id", form.id()).param("tenantId", form.tenantId()).param("code", form.code())
                .param("storeId", form.storeId()).param("touchpointId", form.touchpointId())
                .param("title", form.title()).param("program", form.program()).param("terms", form.terms())
                .param("email", form.marketingEmail()).param("sms", form.marketingSms()).param("club", form.club())
                .param("now", Timestamps.of(form.createdAt())).update();
    }

    /** New title or wording; a change of wording is a new version, so sign-ups record which one they saw. */
    int updateForm(UUID tenantId, UUID id, String title, String terms, String marketingEmail, String marketingSms,
                   String club, boolean newWording) {
        return jdbc.sql("""
                        UPDATE signup_form SET title = :title, terms = :terms, marketing_email = :email,
                            marketing_sms = :sms, club = :club, wording_version = wording_version + :step,
                            updated_at = :now
                        WHERE tenant_id = :tenantId AND id = :id
                        """)
                .param("title", title).param("terms", terms).param("email", marketingEmail).param("sms", marketingSms)
                .param("club", club).param("step", newWording ? 1 : 0).param("now", Timestamps.now())
                .param("tenantId", tenantId).param("id", id).update();
    }

    Optional<SignupForm> form(UUID tenantId, UUID id) {
        return jdbc.sql(FORMS + " WHERE f.tenant_id = :tenantId AND f.id = :id")
                .param("tenantId", tenantId).param("id", id).query(this::toForm).optional().map(Supplier::get);
    }

    Optional<SignupForm> formByCode(String code) {
        return jdbc.sql(FORMS + " WHERE f.code = :code").param("code", code)
                .query(this::toForm).optional().map(Supplier::get);
    }

    List<SignupForm> forms(UUID tenantId) {
        return jdbc.sql(FORMS + " WHERE f.tenant_id = :tenantId ORDER BY f.created_at, f.id")
                .param("tenantId", tenantId).query(this::toForm).list().stream().map(Supplier::get).toList();
    }

    void insertEvent(ListedEvent event) {
        jdbc.sql("""
                        INSERT INTO listed_event (id, tenant_id, code, event_code, store_id, touchpoint_id, title,
                            description, starts_at, ends_at, capacity, max_seats, booked, created_at, tiers)
                        VALUES (:id, :tenantId, :code, :eventCode, :storeId, :touchpointId, :title, :description,
                            :startsAt, :endsAt, :capacity, :maxSeats, 0, :now, :tiers)
                        """)
                .param("id", event.id()).param("tenantId", event.tenantId()).param("code", event.code())
                .param("eventCode", event.eventCode()).param("storeId", event.storeId())
                .param("touchpointId", event.touchpointId()).param("title", event.title())
                .param("description", event.description()).param("startsAt", Timestamps.of(event.startsAt()))
                .param("endsAt", Timestamps.of(event.endsAt())).param("capacity", event.capacity())
                .param("maxSeats", event.maxSeats()).param("now", Timestamps.of(event.createdAt()))
                .param("tiers", event.tiers().isEmpty() ? null : JSON.writeValueAsString(event.tiers())).update();
    }

    /** Events kept for some tiers that have not started, soonest first; the caller matches the tiers. */
    List<ListedEvent> eventsForTiers(UUID tenantId, Instant now, int limit) {
        return jdbc.sql(EVENTS + """
                         WHERE e.tenant_id = :tenantId AND e.tiers IS NOT NULL AND e.starts_at > :now
                        ORDER BY e.starts_at, e.id FETCH FIRST :n ROWS ONLY
                        """).param("tenantId", tenantId).param("now", Timestamps.of(now)).param("n", limit)
                .query(this::toEvent).list().stream().map(Supplier::get).toList();
    }

    boolean eventCodeTaken(UUID tenantId, String eventCode) {
        return jdbc.sql("SELECT COUNT(*) FROM listed_event WHERE tenant_id = :tenantId AND event_code = :eventCode")
                .param("tenantId", tenantId).param("eventCode", eventCode).query(Long.class).single() > 0;
    }

    Optional<ListedEvent> event(UUID tenantId, UUID id) {
        return jdbc.sql(EVENTS + " WHERE e.tenant_id = :tenantId AND e.id = :id")
                .param("tenantId", tenantId).param("id", id).query(this::toEvent)
                .optional().map(Supplier::get);
    }

    Optional<ListedEvent> eventById(UUID id) {
        return jdbc.sql(EVENTS + " WHERE e.id = :id").param("id", id).query(this::toEvent)
                .optional().map(Supplier::get);
    }

    Optional<ListedEvent> eventByCode(String code) {
        return jdbc.sql(EVENTS + " WHERE e.code = :code").param("code", code).query(this::toEvent)
                .optional().map(Supplier::get);
    }

    List<ListedEvent> events(UUID tenantId, UUID storeId) {
        return jdbc.sql(EVENTS + """
                        WHERE e.tenant_id = :tenantId AND (CAST(:storeId AS UUID) IS NULL OR e.store_id = :storeId)
                        ORDER BY e.starts_at, e.id
                        """)
                .param("tenantId", tenantId).param("storeId", storeId).query(this::toEvent)
                .list().stream().map(Supplier::get).toList();
    }

    /** An event's registrations in the order they came, a page at a time. */
    List<Ticket> tickets(UUID tenantId, UUID eventId, int limit, int offset) {
        return jdbc.sql(TICKETS + """
                        WHERE tenant_id = :tenantId AND event_id = :eventId
                        ORDER BY created_at, token LIMIT :limit OFFSET :offset
                        """)
                .param("tenantId", tenantId).param("eventId", eventId).param("limit", limit).param("offset", offset)
                .query(FormsRepository::toTicket).list();
    }

    /** Takes the seats if they are still free: true when they were. */
    boolean book(UUID eventId, int seats) {
        return jdbc.sql("""
                        UPDATE listed_event SET booked = booked + :seats
                        WHERE id = :id AND booked + :seats <= capacity
                        """)
                .param("id", eventId).param("seats", seats).update() == 1;
    }

    void release(UUID eventId, int seats) {
        jdbc.sql("UPDATE listed_event SET booked = booked - :seats WHERE id = :id")
                .param("id", eventId).param("seats", seats).update();
    }

    void insertTicket(Ticket ticket) {
        jdbc.sql("""
                        INSERT INTO event_ticket (token, tenant_id, event_id, seats, status, first_name, email,
                            created_at)
                        VALUES (:token, :tenantId, :eventId, :seats, :status, :firstName, :email, :now)
                        """)
                .param("token", ticket.token()).param("tenantId", ticket.tenantId()).param("eventId", ticket.eventId())
                .param("seats", ticket.seats()).param("status", ticket.status()).param("firstName", ticket.firstName())
                .param("email", ticket.email()).param("now", Timestamps.of(ticket.createdAt())).update();
    }

    Optional<Ticket> ticket(String token) {
        return jdbc.sql(TICKETS + " WHERE token = :token").param("token", token).query(FormsRepository::toTicket)
                .optional();
    }

    /** Locks the ticket row for a status change. */
    Optional<Ticket> ticketForUpdate(String token) {
        return jdbc.sql(TICKETS + " WHERE token = :token FOR UPDATE").param("token", token)
                .query(FormsRepository::toTicket).optional();
    }

    int setStatus(String token, String from, String to) {
        return jdbc.sql("UPDATE event_ticket SET status = :to WHERE token = :token AND status = :from")
                .param("token", token).param("from", from).param("to", to).update();
    }

    int checkIn(String token, Instant at, String by) {
        return jdbc.sql("""
                        UPDATE event_ticket SET checked_in_at = :at, checked_in_by = :by
                        WHERE token = :token AND status = 'confirmed' AND checked_in_at IS NULL
                        """)
                .param("token", token).param("at", Timestamps.of(at)).param("by", by).update();
    }

    /** The waiting list in the order people joined it. */
    List<Ticket> waiting(UUID eventId) {
        return jdbc.sql(TICKETS + " WHERE event_id = :eventId AND status = 'waiting' ORDER BY created_at, token")
                .param("eventId", eventId).query(FormsRepository::toTicket).list();
    }

    int waitingBefore(UUID eventId, Instant createdAt) {
        return jdbc.sql("""
                        SELECT COUNT(*) FROM event_ticket
                        WHERE event_id = :eventId AND status = 'waiting' AND created_at < :createdAt
                        """)
                .param("eventId", eventId).param("createdAt", Timestamps.of(createdAt)).query(Integer.class).single();
    }

    int countWaiting(UUID eventId) {
        return jdbc.sql("SELECT COUNT(*) FROM event_ticket WHERE event_id = :eventId AND status = 'waiting'")
                .param("eventId", eventId).query(Integer.class).single();
    }

    // Rows are read first and their stores named after, from the platform's store cache, so no store is looked up
    // (and no second connection taken) while the rows stream.
    private Optional<StoreRef> store(UUID tenantId, UUID storeId) {
        return storeId == null ? Optional.empty() : stores.findById(tenantId, storeId);
    }

    private Supplier<SignupForm> toForm(ResultSet rs, int n) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        UUID tenantId = rs.getObject("tenant_id", UUID.class);
        String code = rs.getString("code");
        UUID storeId = rs.getObject("store_id", UUID.class);
        UUID touchpointId = rs.getObject("touchpoint_id", UUID.class);
        String title = rs.getString("title");
        String program = rs.getString("program");
        String terms = rs.getString("terms");
        String email = rs.getString("marketing_email");
        String sms = rs.getString("marketing_sms");
        String club = rs.getString("club");
        int wordingVersion = rs.getInt("wording_version");
        Instant createdAt = Timestamps.instant(rs, "created_at");
        Instant updatedAt = Timestamps.instant(rs, "updated_at");
        return () -> {
            Optional<StoreRef> store = store(tenantId, storeId);
            return new SignupForm(id, tenantId, code, storeId, store.map(StoreRef::code).orElse(null),
                    store.map(StoreRef::country).orElse(null), touchpointId, title, program, terms, email, sms,
                    wordingVersion, createdAt, updatedAt, club);
        };
    }

    private Supplier<ListedEvent> toEvent(ResultSet rs, int n) throws SQLException {
        UUID id = rs.getObject("id", UUID.class);
        UUID tenantId = rs.getObject("tenant_id", UUID.class);
        String code = rs.getString("code");
        String eventCode = rs.getString("event_code");
        UUID storeId = rs.getObject("store_id", UUID.class);
        UUID touchpointId = rs.getObject("touchpoint_id", UUID.class);
        String title = rs.getString("title");
        String description = rs.getString("description");
        Instant startsAt = Timestamps.instant(rs, "starts_at");
        Instant endsAt = Timestamps.instant(rs, "ends_at");
        int capacity = rs.getInt("capacity");
        int maxSeats = rs.getInt("max_seats");
        int booked = rs.getInt("booked");
        Instant createdAt = Timestamps.instant(rs, "created_at");
        String tiers = rs.getString("tiers");
        List<String> tierNames = tiers == null ? List.of() : List.of(JSON.readValue(tiers, String[].class));
        return () -> {
            Optional<StoreRef> store = store(tenantId, storeId);
            return new ListedEvent(id, tenantId, code, eventCode, storeId, store.map(StoreRef::code).orElse(null),
                    store.map(StoreRef::name).orElse(null), store.map(s -> s.timeZone().getId()).orElse(null),
                    touchpointId, title, description, startsAt, endsAt, capacity, maxSeats, booked, createdAt,
                    tierNames);
        };
    }

    private static Ticket toTicket(ResultSet rs, int n) throws SQLException {
        return new Ticket(rs.getString("token"), rs.getObject("tenant_id", UUID.class),
                rs.getObject("event_id", UUID.class), rs.getInt("seats"), rs.getString("status"),
                rs.getString("first_name"), rs.getString("email"), Timestamps.instant(rs, "created_at"),
                Timestamps.instant(rs, "checked_in_at"), rs.getString("checked_in_by"));
    }
}
