package io.footbridge.identity.matching;

import io.footbridge.identity.matching.ProbableMatch.Traits;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class ProbableMatchTests {

    private static final List<String> SYLLABLES = List.of("ka", "ro", "li", "mer", "an", "tes", "bu", "del", "fin",
            "go", "har", "is", "jo", "kle", "mon", "nu", "or", "pe", "ran", "sa", "tu", "vel", "win", "zo");

    @Test
    void untrainedWeightsJoinATypoButNotANamesakeOrAHousehold() {
        ProbableMatch model = ProbableMatch.estimate(List.of());
        Traits lena = Traits.of("Lena", "Fischer", "1985-04-12", null, "Berlin", "10115");

        assertThat(model.score(lena, Traits.of("LENA", "Fisher", "12.04.1985", null, "Berlin", "10 115"))
                .probability()).isGreaterThan(0.99);
        assertThat(model.score(lena, Traits.of("Lena", "Fischer", "1990-01-01", null, "Hamburg", "20095"))
                .probability()).isLessThan(0.5);
        ProbableMatch.Score jonas = model.score(Traits.of("Lena", "Fischer", "1985-04-12", "Invalidenstr 1", "Berlin",
                "10115"), Traits.of("Jonas", "Fischer", "2012-06-01", "Invalidenstr 1", "Berlin", "10115"));
        assertThat(jonas.heldApart()).contains("household");
    }

    @Test
    void weightsEstimatedFromATenantsPeopleSeparateTyposFromStrangers() {
        Random random = new Random(7);
        List<Traits> people = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            people.add(new Traits(name(random, 2), name(random, 3),
                    LocalDate.of(1950, 1, 1).plusDays(random.nextInt(20_000)).toString().replace("-", ""), null,
                    "berlin", String.valueOf(10_000 + random.nextInt(500))));
        }
        List<Traits> typos = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Traits original = people.get(i);
            String last = original.lastName();
            int at = 1 + random.nextInt(last.length() - 1);
            typos.add(new Traits(original.firstName(), last.substring(0, at) + last.substring(at + 1),
                    original.birthDate(), null, original.city(), original.postcode()));
        }
        List<Traits> sample = new ArrayList<>(people);
        sample.addAll(typos);
        ProbableMatch model = ProbableMatch.estimate(sample);

        long joined = 0;
        for (int i = 0; i < typos.size(); i++) {
            if (model.score(people.get(i), typos.get(i)).probability() >= 0.9) {
                joined++;
            }
        }
        assertThat(joined).as("typos joined").isGreaterThanOrEqualTo(190);
        long strangersJoined = 0;
        for (int i = 0; i < 1_000; i++) {
            Traits a = people.get(i);
            Traits b = people.get(1_000 + i);
            if (!a.birthDate().equals(b.birthDate()) && model.score(a, b).probability() >= 0.5) {
                strangersJoined++;
            }
        }
        assertThat(strangersJoined).as("strangers scored as probable").isZero();
    }

    /** Names made of syllables: varied like real ones, so that strangers rarely share both. */
    private static String name(Random random, int syllables) {
        StringBuilder name = new StringBuilder();
        for (int i = 0; i < syllables; i++) {
            name.append(SYLLABLES.get(random.nextInt(SYLLABLES.size())));
        }
        return name.toString();
    }

    @Test
    void namesAreSearchedBySoundAndSimilarityInEitherOrder() {
        assertThat(ProbableMatch.nameKeys("Lena  Fisher")).containsExactlyElementsOf(ProbableMatch.nameKeys("lena fischer"));
        assertThat(ProbableMatch.nameSimilarity("fischer, lena", "lena", "fischer")).isEqualTo(1.0);
        assertThat(ProbableMatch.nameSimilarity("Lena Fisher", "lena", "fischer")).isGreaterThan(0.9);
        assertThat(ProbableMatch.nameSimilarity("Paul Becker", "lena", "fischer")).isLessThan(0.85);
        assertThat(ProbableMatch.nameKeys("  ,. ")).isEmpty();
    }
}
