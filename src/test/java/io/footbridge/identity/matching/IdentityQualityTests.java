package io.footbridge.identity.matching;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Batch {@code resolve} on the household generator and on Febrl: pairwise precision, recall and F1. Also the
 * identity benchmark: {@code -Didentity.people=20000} for the full size, the figures are printed.
 */
class IdentityQualityTests {

    static final int PEOPLE = Integer.getInteger("identity.people", 3000);

    @TempDir
    Path dir;

    @Test
    void theGeneratorIsTheSameForOneSeed() throws Exception {
        HouseholdGenerator.write(dir.resolve("a.csv"), 500, 7);
        HouseholdGenerator.write(dir.resolve("b.csv"), 500, 7);
        assertThat(Files.readAllLines(dir.resolve("a.csv"))).isEqualTo(Files.readAllLines(dir.resolve("b.csv")));
    }

    @Test
    void householdsNamesakesAndJunkNumbersMergeNobody() throws Exception {
        Path file = dir.resolve("customers.csv");
        HouseholdGenerator.write(file, PEOPLE, 42);
        PairwiseQuality quality = resolve(List.of(file), generatorLayout());
        report("generator, " + PEOPLE + " people, batch", quality);
        // before evidence against a link counted: precision 0.5714, recall 0.6118 (3,000 people, seed 42)
        assertThat(quality.recall()).isGreaterThanOrEqualTo(0.6);
    }

    @Test
    void febrlDatasetThree() throws Exception {
        Path febrl = febrl();
        PairwiseQuality quality = resolve(List.of(febrl.resolve("dataset3.csv")), febrlLayout());
        report("Febrl 3, batch", quality);
        assertThat(quality.f1()).isGreaterThanOrEqualTo(0.99);
    }

    @Test
    void febrlDatasetsFourAAndFourB() throws Exception {
        Path febrl = febrl();
        PairwiseQuality quality = resolve(List.of(febrl.resolve("dataset4a.csv"), febrl.resolve("dataset4b.csv")),
                febrlLayout());
        report("Febrl 4a+4b, batch", quality);
        assertThat(quality.f1()).isGreaterThanOrEqualTo(0.985);
    }

    static PersonFile.Layout generatorLayout() {
        return new PersonFile.Layout(Map.of(), ',', "DE", "person", null);
    }

    static PersonFile.Layout febrlLayout() {
        return new PersonFile.Layout(Map.of("record_id", "rec_id", "first_name", "given_name", "last_name",
                "surname", "street", "street_number,address_1", "city", "suburb", "birth_date", "date_of_birth"), ',',
                null, "rec_id", Pattern.compile("rec-(\\d+)"));
    }

    static PairwiseQuality resolve(List<Path> files, PersonFile.Layout layout) throws Exception {
        List<Person> people = new ArrayList<>();
        for (Path file : files) {
            people.addAll(new PersonFile().read(file, layout));
        }
        BatchResolver.Result result = new BatchResolver(BatchResolver.Options.defaults()).resolve(people);
        return PairwiseQuality.of(people, result.group());
    }

    static void report(String what, PairwiseQuality q) {
        System.out.printf("%s: precision %.4f recall %.4f F1 %.4f (true pairs %,d, found %,d, correct %,d)%n", what,
                q.precision(), q.recall(), q.f1(), q.truePairs(), q.foundPairs(), q.correctPairs());
    }

    /** The shared data sets sit next to the checkout; a worktree is one level deeper. */
    static Path febrl() {
        Path febrl = Stream.of("../shared/datasets/febrl", "../../shared/datasets/febrl").map(Path::of)
                .filter(Files::isDirectory).findFirst().orElse(null);
        Assumptions.assumeTrue(febrl != null, "the Febrl data sets are not in ../shared/datasets");
        return febrl;
    }
}
