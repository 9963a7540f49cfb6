package io.footbridge.journeys.flow;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** A merge of two profiles leaves the surviving person inside each journey once, at the place they had got to. */
class JourneyMergeTests extends JourneyApiTest {

    @Test
    void theSurvivorKeepsTheEntryThatCameInFirstAndTheOtherEndsAsMerged() {
        String first = person("ann@" + domain);
        String second = person("anne@" + domain);
        var created = marketer.post("/api/v1/journeys", Map.of("name", "Welcome", "trigger", Map.of("api", Map.of()),
                "steps", List.of(Map.of("wait", "PT0S"), Map.of("wait", "P1D"))));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("id").asString();
        assertThat(marketer.post("/api/v1/journeys/" + id + "/activate", "{}").status()).isEqualTo(200);
        UUID journey = UUID.fromString(id);
        String kept = enter(id, first).get("entryId").asString();
        await(() -> stepsRun(kept) == 2, "the first waits at its second step");
        String ended = enter(id, second).get("entryId").asString();
        await(() -> stepsRun(ended) == 2, "the second waits at its second step");

        var merge = tenant.admin().post("/api/v1/profiles/" + first + "/merge", Map.of("profileId", second));
        assertThat(merge.status()).as(merge.toString()).isEqualTo(200);
        String root = merge.json().get("rootId") != null ? merge.json().get("rootId").asString() : first;

        await(() -> count("SELECT COUNT(*) FROM journey_entry WHERE journey_id = :j AND status = 'exited'",
                journey) == 1, "one entry ends");
        assertThat(jdbc.sql("SELECT id FROM journey_entry WHERE journey_id = :j AND status = 'active'")
                .param("j", journey).query(UUID.class).single()).as("the entry that came in first")
                .isEqualTo(UUID.fromString(kept));
        assertThat(jdbc.sql("SELECT end_reason FROM journey_entry WHERE id = :id").param("id", UUID.fromString(ended))
                .query(String.class).single()).isEqualTo("merged");
        assertThat(count("SELECT COUNT(DISTINCT person_id) FROM journey_entry WHERE journey_id = :j", journey))
                .as("both entries are the survivor's").isEqualTo(1);
        assertThat(stepsRun(kept)).as("no step ran again").isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM journey_step WHERE journey_id = :j", journey)).isEqualTo(4);
        var again = marketer.post("/api/v1/journeys/" + id + "/entries", Map.of("personId", root));
        assertThat(again.json().get("entered").asBoolean()).as("never again, as the journey says").isFalse();
    }

    private long stepsRun(String entryId) {
        return jdbc.sql("SELECT steps_run FROM journey_entry WHERE id = :id").param("id", UUID.fromString(entryId))
                .query(Long.class).single();
    }

    private long count(String sql, UUID journey) {
        return jdbc.sql(sql).param("j", journey).query(Long.class).single();
    }
}
