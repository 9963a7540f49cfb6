package io.footbridge.journeys.flow;

import io.footbridge.platform.FieldError;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Compiled versions, kept in memory: a version never changes once saved. */
@Component
class Programs {

    /** Names were checked when the version was saved; running it needs only its shape. */
    private static final Compiler.Names SAVED = new Compiler.Names() {
        @Override
        public boolean template(String key) {
            return true;
        }

        @Override
        public boolean offer(UUID id) {
            return true;
        }

        @Override
        public boolean segment(UUID id) {
            return true;
        }

        @Override
        public boolean store(String code) {
            return true;
        }

        @Override
        public List<FieldError> rule(JsonNode rule, String path) {
            return List.of();
        }
    };

    private final JourneyRepository repository;
    private final JsonMapper json;
    private final Map<String, Program> compiled = new ConcurrentHashMap<>();

    Programs(JourneyRepository repository, JsonMapper json) {
        this.repository = repository;
        this.json = json;
    }

    Program of(UUID journeyId, int version) {
        return compiled.computeIfAbsent(journeyId + "/" + version,
                key -> Compiler.compile(json.readTree(repository.definition(journeyId, version)), SAVED));
    }
}
