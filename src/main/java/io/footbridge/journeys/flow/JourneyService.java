package io.footbridge.journeys.flow;

import io.footbridge.analytics.Comparison;
import io.footbridge.audiences.Segments;
import io.footbridge.identity.IdentityGraph;
import io.footbridge.journeys.Journeys;
import io.footbridge.messaging.MessageTemplates;
import io.footbridge.offers.Offers;
import io.footbridge.platform.Actor;
import io.footbridge.platform.AuditLog;
import io.footbridge.platform.OutboundAddresses;
import io.footbridge.platform.FieldError;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Stores;
import io.footbridge.platform.Timestamps;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

@Service
class JourneyService implements Journeys {

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private static final int MAX_DEFINITION = 60_000;

    private final JourneyRepository repository;
    private final Programs programs;
    private final Entering entering;
    private final MessageTemplates templates;
    private final Offers offers;
    private final Segments segments;
    private final Stores stores;
    private final AuditLog audit;
    private final JdbcClient jdbc;
    private final JsonMapper json;
    private final IdentityGraph identity;
    private final OutboundAddresses addresses;

    JourneyService(JourneyRepository repository, Programs programs, Entering entering, MessageTemplates templates,
                   Offers offers, Segments segments, Stores stores, AuditLog audit, JdbcClient jdbc, JsonMapper json,
                   IdentityGraph identity, OutboundAddresses addresses) {
        this.identity = identity;
        this.addresses = addresses;
        this.repository = repository;
        this.programs = programs;
        this.entering = entering;
        this.templates = templates;
        this.offers = offers;
        this.segments = segments;
        this.stores = stores;
        this.audit = audit;
        this.jdbc = jdbc;
        this.json = json;
    }

    @Override
    @Transactional(readOnly = true)
    public List<Journey> list(Actor actor) {
        Map<UUID, long[]> counts = counts(actor.tenantId());
        return repository.list(actor.tenantId()).stream().map(s -> view(s, counts)).toList();
    }

    @Override
    @Transactional(readOnly = true)
    public Journey get(Actor actor, UUID id) {
        return view(existing(actor, id), counts(actor.tenantId()));
    }

    @Override
    @Transactional
    public UUID create(Actor actor, JsonNode definition) {
        check(actor, definition);
        UUID id = UUID.randomUUID();
        String name = definition.get("name").asString().strip();
        repository.insert(id, actor.tenantId(), name, definition.toString(), Instant.now());
        audit.record(actor, "journey.created", "journey", id, Map.of("name", name));
        return id;
    }

    @Override
    @Transactional
    public String newWebhookSecret(Actor actor, UUID id) {
        repository.lock(actor.tenantId(), id).orElseThrow(() -> ProblemException.notFound("journey", id));
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        String secret = java.util.HexFormat.of().formatHex(key);
        repository.webhookSecret(id, secret);
        audit.record(actor, "journey.webhook_secret", "journey", id, Map.of());
        return secret;
    }

    @Override
    @Transactional
    public Journey update(Actor actor, UUID id, JsonNode definition) {
        JourneyRepository.Saved saved = repository.lock(actor.tenantId(), id)
                .orElseThrow(() -> ProblemException.notFound("journey", id));
        if (saved.status().equals("archived")) {
            throw ProblemException.conflict("journey-archived", "An archived journey cannot be changed.");
        }
        check(actor, definition);
        String name = definition.get("name").asString().strip();
        repository.newVersion(actor.tenantId(), id, name, saved.version() + 1, definition.toString(), Instant.now());
        audit.record(actor, "journey.changed", "journey", id, Map.of("name", name, "version", saved.version() + 1));
        return get(actor, id);
    }

    @Override
    @Transactional
    public Journey activate(Actor actor, UUID id) {
        return status(actor, id, "active");
    }

    @Override
    @Transactional
    public Journey pause(Actor actor, UUID id) {
        return status(actor, id, "paused");
    }

    @Override
    @Transactional
    public Journey archive(Actor actor, UUID id) {
        Journey journey = status(actor, id, "archived");
        repository.endAll(id, "archived", Instant.now());
        return journey;
    }

    private Journey status(Actor actor, UUID id, String status) {
        JourneyRepository.Saved saved = repository.lock(actor.tenantId(), id)
                .orElseThrow(() -> ProblemException.notFound("journey", id));
        if (saved.status().equals("archived") && !status.equals("archived")) {
            throw ProblemException.conflict("journey-archived", "An archived journey stays archived.");
        }
        if (!saved.status().equals(status)) {
            repository.status(actor.tenantId(), id, status, Instant.now());
            audit.record(actor, "journey." + status, "journey", id, Map.of("name", saved.name()));
        }
        return get(actor, id);
    }

    @Override
    @Transactional(readOnly = true)
    public Stats stats(Actor actor, UUID id, Integer version) {
        JourneyRepository.Saved saved = existing(actor, id);
        int v = version == null ? saved.version() : version;
        if (v < 1 || v > saved.version()) {
            throw ProblemException.invalid("version", "must be a version of this journey, 1 to " + saved.version());
        }
        Map<String, Long> byStatus = new HashMap<>();
        long[][] arms = new long[2][2]; // [holdout?][entered, converted]
        jdbc.sql("""
                        SELECT status, holdout, COUNT(*) AS n,
                               SUM(CASE WHEN converted_at IS NULL THEN 0 ELSE 1 END) AS c
                        FROM journey_entry WHERE journey_id = :id GROUP BY status, holdout
                        """)
                .param("id", id).query(rs -> {
                    byStatus.merge(rs.getString("status"), rs.getLong("n"), Long::sum);
                    int arm = rs.getBoolean("holdout") ? 1 : 0;
                    arms[arm][0] += rs.getLong("n");
                    arms[arm][1] += rs.getLong("c");
                });
        long entered = byStatus.values().stream().mapToLong(Long::longValue).sum();
        Program program = programs.of(id, v);
        Arm treated = new Arm("treated", arms[0][0], arms[0][1]);
        Arm holdout = new Arm("holdout", arms[1][0], arms[1][1]);
        Comparison.Outcome lift = null;
        if (treated.entered() > 0 && holdout.entered() > 0) {
            double share = program.holdoutPercent() / 100.0;
            lift = Comparison.compare(List.of(
                    new Comparison.Group("holdout", holdout.entered(), holdout.converted(), null, null,
                            share > 0 ? share : null),
                    new Comparison.Group("treated", treated.entered(), treated.converted(), null, null,
                            share > 0 ? 1 - share : null)), "holdout", false);
        }
        long converted = arms[0][1] + arms[1][1];
        return new Stats(id, v, entered, byStatus.getOrDefault("active", 0L), byStatus.getOrDefault("done", 0L),
                converted, treated, holdout, lift, steps(id, v, program));
    }

    /** The version's steps as written (the compiler's own jumps left out), with people waiting and outcomes. */
    private List<StepFigures> steps(UUID id, int version, Program program) {
        Map<Integer, Long> waiting = new HashMap<>();
        jdbc.sql("""
                        SELECT COALESCE(wait_pc, pc) AS at, COUNT(*) AS n FROM journey_entry
                        WHERE journey_id = :id AND version = :version AND status = 'active'
                        GROUP BY COALESCE(wait_pc, pc)
                        """)
                .param("id", id).param("version", version)
                .query(rs -> {
                    waiting.put(rs.getInt("at"), rs.getLong("n"));
                });
        Map<Integer, Map<String, Long>> outcomes = new HashMap<>();
        jdbc.sql("""
                        SELECT pc, status, COUNT(*) AS n FROM journey_step WHERE journey_id = :id AND version = :version
                        GROUP BY pc, status
                        """)
                .param("id", id).param("version", version)
                .query(rs -> {
                    outcomes.computeIfAbsent(rs.getInt("pc"), k -> new LinkedHashMap<>())
                            .put(rs.getString("status"), rs.getLong("n"));
                });
        List<StepFigures> figures = new ArrayList<>();
        for (int pc = 0; pc < program.steps().size(); pc++) {
            Program.Step step = program.steps().get(pc);
            if (step instanceof Program.Jump && !step.path().endsWith(".goto")) {
                continue;
            }
            figures.add(new StepFigures(step.path(), step.kind(), depth(step.path()), waiting.getOrDefault(pc, 0L),
                    outcomes.getOrDefault(pc, Map.of())));
        }
        return figures;
    }

    static int depth(String path) {
        int depth = 0;
        for (String nested : List.of(".then[", ".else[", ".steps[")) {
            for (int at = path.indexOf(nested); at >= 0; at = path.indexOf(nested, at + 1)) {
                depth++;
            }
        }
        return depth;
    }

    @Override
    @Transactional
    public UUID enter(Actor actor, UUID id, UUID personId) {
        JourneyRepository.Saved saved = existing(actor, id);
        if (!saved.status().equals("active")) {
            throw ProblemException.conflict("journey-not-active", "The journey is " + saved.status()
                    + "; activate it first.");
        }
        UUID root = identity.find(actor.tenantId(), personId).map(IdentityGraph.ProfileRef::rootId)
                .orElseThrow(() -> ProblemException.invalid("personId", "is not a person of this tenant"));
        return entering.enter(saved, root, null, null, Instant.now());
    }

    @Override
    @Transactional(readOnly = true)
    public List<PersonStep> steps(Actor actor, UUID personId, int limit) {
        return jdbc.sql("""
                        SELECT s.journey_id, j.name, s.version, s.path, s.kind, s.status, s.detail, s.at
                        FROM journey_step s JOIN journey_entry e ON e.id = s.entry_id
                        JOIN journey j ON j.id = s.journey_id
                        WHERE e.tenant_id = :tenantId AND e.person_id = :personId
                        ORDER BY s.at DESC, s.seq DESC FETCH FIRST :limit ROWS ONLY
                        """)
                .param("tenantId", actor.tenantId()).param("personId", personId).param("limit", limit)
                .query((rs, row) -> new PersonStep(rs.getObject("journey_id", UUID.class), rs.getString("name"),
                        rs.getInt("version"), rs.getString("path"), rs.getString("kind"), rs.getString("status"),
                        rs.getString("detail"), Timestamps.instant(rs, "at"))).list();
    }

    @Override
    public List<ReadyMade> readyMade() {
        return ReadyMadeJourneys.all(json);
    }

    @Override
    public UUID createFromReadyMade(Actor actor, String key) {
        ReadyMade readyMade = ReadyMadeJourneys.find(json, key)
                .orElseThrow(() -> ProblemException.notFound("ready-made journey", key));
        return create(actor, readyMade.definition());
    }

    /** Compiles the definition against the tenant's templates, offers, segments and stores, or refuses it. */
    private void check(Actor actor, JsonNode definition) {
        if (definition != null && definition.toString().length() > MAX_DEFINITION) {
            throw ProblemException.invalid("body", "must be at most " + MAX_DEFINITION + " characters of JSON");
        }
        Set<String> keys = templates.list(actor).stream().map(MessageTemplates.Template::key)
                .collect(Collectors.toSet());
        Compiler.compile(definition, new Compiler.Names() {
            @Override
            public boolean template(String key) {
                return keys.contains(key);
            }

            @Override
            public boolean offer(UUID id) {
                return offers.find(actor.tenantId(), id).isPresent();
            }

            @Override
            public boolean segment(UUID id) {
                try {
                    segments.get(actor, id);
                    return true;
                } catch (ProblemException notThere) {
                    return false;
                }
            }

            @Override
            public boolean store(String code) {
                return stores.findByCode(actor.tenantId(), code).isPresent();
            }

            @Override
            public List<FieldError> rule(JsonNode rule, String path) {
                return segments.problems(actor, rule, path);
            }

            @Override
            public java.util.Optional<String> refusal(java.net.URI address) {
                return addresses.refusal(address);
            }
        });
    }

    private JourneyRepository.Saved existing(Actor actor, UUID id) {
        return repository.find(actor.tenantId(), id).orElseThrow(() -> ProblemException.notFound("journey", id));
    }

    /** Per journey: {active, entered, converted}. */
    private Map<UUID, long[]> counts(UUID tenantId) {
        Map<UUID, long[]> counts = new HashMap<>();
        for (Object[] row : repository.counts(tenantId)) {
            long[] c = counts.computeIfAbsent((UUID) row[0], k -> new long[3]);
            if ("active".equals(row[1])) {
                c[0] += (Long) row[2];
            }
            c[1] += (Long) row[2];
            c[2] += (Long) row[3];
        }
        return counts;
    }

    private Journey view(JourneyRepository.Saved s, Map<UUID, long[]> counts) {
        long[] c = counts.getOrDefault(s.id(), new long[3]);
        return new Journey(s.id(), s.name(), s.status(), s.version(),
                json.readTree(repository.definition(s.id(), s.version())), c[0], c[1], c[2], s.createdAt(),
                s.updatedAt());
    }
}
