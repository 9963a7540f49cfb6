package io.footbridge.identity.matching;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ResolveCommandTests {

    private static final Path FEBRL = Path.of("../shared/datasets/febrl");
    private static final String[] FEBRL_LAYOUT = {"--map", "record_id=rec_id", "--map", "first_name=given_name",
            "--map", "last_name=surname", "--map", "street=street_number,address_1", "--map", "city=suburb",
            "--map", "birth_date=date_of_birth", "--truth", "rec_id", "--truth-pattern", "rec-(\\d+)"};

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void recordsOfOnePersonShareAProfileAndStrangersDoNot() throws Exception {
        Path file = write("crm.csv", """
                record_id,first_name,last_name,email,phone,country,loyalty_id,birth_date,street,city,postcode
                1,Lena,Fischer,lena.fischer@gmail.com,,DE,,1985-04-12,Torstraße 1,Berlin,10119
                2,Lena,Fischer,LenaFischer+shop@gmail.com,,DE,,,,,
                3,Lena,Fisher,,,DE,,12.04.1985,Torstrasse 1,Berlin,10119
                4,Max,Fischer,,030 1234567,DE,L-1,1990-01-01,Torstraße 1,Berlin,10119
                5,Maxi,Fischer,,+49 30 1234567,DE,L-2,1990-01-01,Torstraße 1,Berlin,10119
                6,Anna,Schmidt,shop@example.com,,DE,,,,,
                7,Jonas,Weber,shop@example.com,,DE,,,,,
                8,Mia,Wagner,shop@example.com,,DE,,,,,
                """);
        assertThat(run("--file", file.toString(), "--explain", "--max-shared", "2")).isZero();
        Map<String, String> profileOf = new HashMap<>();
        Map<String, String> matchedBy = new HashMap<>();
        List<String> lines = Files.readAllLines(dir.resolve("crm.profiles.csv"));
        assertThat(lines.get(0)).isEqualTo("record_id,profile_id,matched_record_id,match_probability,matched_by");
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            profileOf.put(cells[0], cells[1]);
            matchedBy.put(cells[0], cells[4]);
        }
        assertThat(profileOf.get("2")).as("one email after normalisation").isEqualTo(profileOf.get("1"));
        assertThat(matchedBy.get("2")).isEqualTo("email");
        assertThat(profileOf.get("3")).as("a typo, the same birth day and address").isEqualTo(profileOf.get("1"));
        assertThat(profileOf.get("5")).as("two loyalty numbers are two people, phone or not")
                .isNotEqualTo(profileOf.get("4"));
        assertThat(profileOf.get("7")).as("an email on more records than --max-shared links no one")
                .isNotEqualTo(profileOf.get("6")).isNotEqualTo(profileOf.get("8"));
        assertThat(err.toString()).contains("8 records → 6 profiles");
    }

    @Test
    void theSampleCustomerFileResolvesAsItIs() throws Exception {
        Path copy = Files.copy(Path.of("samples/customers.csv"), dir.resolve("customers.csv"));
        assertThat(run("--file", copy.toString(), "--explain")).isZero();
        assertThat(Files.readAllLines(dir.resolve("customers.profiles.csv"))).hasSize(4);
        assertThat(err.toString()).contains("3 records → 3 profiles").doesNotContain("NaN");
    }

    @Test
    void inputAndOutputAreTheNamesIntegrationsCall() throws Exception {
        Path copy = Files.copy(Path.of("samples/customers.csv"), dir.resolve("in.csv"));
        Path out = dir.resolve("out.csv");
        assertThat(run("--input", copy.toString(), "--output", out.toString())).isZero();
        assertThat(Files.readAllLines(out)).hasSize(4).first().isEqualTo("record_id,profile_id");
    }

    @Test
    void badArgumentsAndUnreadableFilesExitWithTwoAndSayWhy() throws Exception {
        assertThat(run("--max-block", "0", "--file", "x.csv")).isEqualTo(2);
        assertThat(err.toString()).contains("--max-block must be a positive whole number");
        assertThat(run()).isEqualTo(2);
        assertThat(run("--file", dir.resolve("missing.csv").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("there is no file");
        Path noId = write("noid.csv", "id,name\n1,x\n");
        err.reset();
        assertThat(run("--file", noId.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no column record_id", "its header reads: id, name");
        assertThat(run("--file", noId.toString(), "--map", "colour=Farbe")).isEqualTo(2);
        assertThat(run("--file", noId.toString(), "--review-above", "0.95", "--link-above", "0.9")).isEqualTo(2);
    }

    @Test
    void febrlDatasetThreeDedupesWithF1AboveNinetyFivePercent() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(FEBRL), "the Febrl data sets are not in ../shared/datasets");
        Path copy = Files.copy(FEBRL.resolve("dataset3.csv"), dir.resolve("dataset3.csv"));
        assertThat(run(concat(new String[]{"--file", copy.toString()}, FEBRL_LAYOUT))).isZero();
        assertThat(f1()).isGreaterThanOrEqualTo(0.95);
    }

    @Test
    void febrlDatasetFourLinksItsTwoFilesWithF1AboveNinetyFivePercent() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(FEBRL), "the Febrl data sets are not in ../shared/datasets");
        Path a = Files.copy(FEBRL.resolve("dataset4a.csv"), dir.resolve("dataset4a.csv"));
        Path b = Files.copy(FEBRL.resolve("dataset4b.csv"), dir.resolve("dataset4b.csv"));
        assertThat(run(concat(new String[]{"--file", a.toString(), "--file", b.toString()}, FEBRL_LAYOUT))).isZero();
        assertThat(f1()).isGreaterThanOrEqualTo(0.95);
    }

    private double f1() {
        String report = out.toString(StandardCharsets.UTF_8);
        return Double.parseDouble(report.substring(report.indexOf("F1 ") + 3).strip());
    }

    private int run(String... args) {
        return ResolveCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
