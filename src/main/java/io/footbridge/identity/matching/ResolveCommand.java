package io.footbridge.identity.matching;

import io.footbridge.platform.CommandOptions;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code resolve}: groups the records of customer files into people and writes, for each record, the profile it
 * belongs to. Runs on its own, without a database: the tool for deduplicating a legacy customer file or a CRM
 * export before loading it.
 */
public final class ResolveCommand {

    static final String USAGE = """
            usage: java -jar footbridge.jar resolve --input FILE.csv [--input MORE.csv] [--output PROFILES.csv]
                     [--map column=Header[,Header2]] [--delimiter ;] [--country DE]
                     [--explain] [--review PAIRS.csv] [--truth COLUMN [--truth-pattern REGEX]]
                     [--link-above 0.9] [--review-above 0.5] [--max-block 50] [--max-shared 20]
            columns: record_id (required), source, first_name, last_name, email, phone, country, loyalty_id,
                     birth_date, street, city, postcode""";

    private ResolveCommand() {
    }

    /** Exit status: 0 done, 2 bad arguments or unreadable input. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Arguments arguments;
        try {
            arguments = Arguments.parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage() + "\n" + USAGE);
            return 2;
        }
        long started = System.nanoTime();
        List<Person> people = new ArrayList<>();
        try {
            PersonFile reader = new PersonFile();
            for (Path file : arguments.files) {
                people.addAll(reader.read(file, arguments.layout()));
            }
        } catch (PersonFile.Unreadable | IOException e) {
            err.println("resolve: " + e.getMessage());
            return 2;
        }
        long read = System.nanoTime();
        BatchResolver.Result result = new BatchResolver(arguments.options).resolve(people);
        long resolved = System.nanoTime();
        try {
            write(arguments, people, result);
        } catch (IOException e) {
            err.println("resolve: cannot write " + arguments.out + ": " + e.getMessage());
            return 2;
        }
        long groups = java.util.Arrays.stream(result.group()).distinct().count();
        err.printf("resolve: %,d records → %,d profiles; %,d candidate pairs compared, %,d pairs for review%n",
                people.size(), groups, result.candidatePairs(), result.review().size());
        err.printf("resolve: read %.1f s, resolve %.1f s, total %.1f s; profiles in %s%n",
                (read - started) / 1e9, (resolved - read) / 1e9, (System.nanoTime() - started) / 1e9,
                arguments.out);
        if (arguments.explain) {
            err.print(result.model().describe());
        }
        if (arguments.truthColumn != null) {
            PairwiseQuality quality = PairwiseQuality.of(people, result.group());
            out.printf("pairs: true %,d, found %,d, correct %,d%nprecision %.4f  recall %.4f  F1 %.4f%n",
                    quality.truePairs(), quality.foundPairs(), quality.correctPairs(), quality.precision(),
                    quality.recall(), quality.f1());
        }
        return 0;
    }

    private static void write(Arguments arguments, List<Person> people, BatchResolver.Result result)
            throws IOException {
        try (Writer writer = Files.newBufferedWriter(arguments.out, StandardCharsets.UTF_8)) {
            writeProfiles(people, result, arguments.explain, writer);
        }
        if (arguments.review != null) {
            try (Writer writer = Files.newBufferedWriter(arguments.review, StandardCharsets.UTF_8);
                 CSVPrinter csv = CSVFormat.RFC4180.builder().setHeader("record_id", "other_record_id",
                         "match_probability").get().print(writer)) {
                for (BatchResolver.Pair pair : result.review()) {
                    csv.printRecord(people.get(pair.a()).recordId(), people.get(pair.b()).recordId(),
                            String.format(java.util.Locale.ROOT, "%.4f", pair.probability()));
                }
            }
        }
    }

    /** {@code record_id,profile_id}, and with {@code explain} what each record was matched with and how. */
    static void writeProfiles(List<Person> people, BatchResolver.Result result, boolean explain, Writer writer)
            throws IOException {
        List<String> header = new ArrayList<>(List.of("record_id", "profile_id"));
        if (explain) {
            header.addAll(List.of("matched_record_id", "match_probability", "matched_by"));
        }
        CSVPrinter csv = CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new)).get().print(writer);
        for (int i = 0; i < people.size(); i++) {
            List<Object> row = new ArrayList<>(List.of(people.get(i).recordId() == null ? ""
                    : people.get(i).recordId(), "P" + (result.group()[i] + 1)));
            if (explain) {
                BatchResolver.Link link = result.links()[i];
                row.add(link == null ? "" : people.get(link.partner()).recordId());
                row.add(link == null ? "" : String.format(java.util.Locale.ROOT, "%.4f", link.probability()));
                row.add(link == null ? "alone" : link.by());
            }
            csv.printRecord(row);
        }
        csv.flush();
    }

    private static final class Arguments {
        // --input and --output are the names integrations call; --file and --out came first
        static final List<String> VALUE_OPTIONS = List.of("input", "file", "output", "out", "review", "map",
                "delimiter", "country", "truth", "truth-pattern", "link-above", "review-above", "max-block",
                "max-shared");
        final List<Path> files = new ArrayList<>();
        final Map<String, String> mapping = new LinkedHashMap<>();
        Path out;
        Path review;
        char delimiter = ',';
        String country;
        boolean explain;
        String truthColumn;
        Pattern truthPattern;
        BatchResolver.Options options = BatchResolver.Options.defaults();

        PersonFile.Layout layout() {
            return new PersonFile.Layout(mapping, delimiter, country, truthColumn, truthPattern);
        }

        static Arguments parse(String[] args) {
            Arguments a = new Arguments();
            double link = a.options.linkAbove();
            double review = a.options.reviewAbove();
            int maxBlock = a.options.maxBlock();
            int maxShared = a.options.maxShared();
            CommandOptions given = CommandOptions.parse(args, new CommandOptions.Spec(Set.copyOf(VALUE_OPTIONS),
                    Set.of("explain"), List.of("resolve"), false));
            a.explain = given.flag("explain");
            for (String option : VALUE_OPTIONS) {
                for (String value : given.values(option)) {
                    String name = "--" + option;
                    switch (name) {
                        case "--input", "--file" -> a.files.add(Path.of(value));
                        case "--output", "--out" -> a.out = Path.of(value);
                        case "--review" -> a.review = Path.of(value);
                        case "--map" -> {
                            int at = value.indexOf('=');
                            if (at <= 0 || !PersonFile.COLUMNS.contains(value.substring(0, at))) {
                                throw new IllegalArgumentException("--map " + value
                                        + ": give column=Header with a column of "
                                        + String.join(", ", PersonFile.COLUMNS));
                            }
                            a.mapping.put(value.substring(0, at), value.substring(at + 1));
                        }
                        case "--delimiter" -> {
                            String d = value.equals("\\t") || value.equals("tab") ? "\t" : value;
                            if (d.length() != 1) {
                                throw new IllegalArgumentException("--delimiter must be one character");
                            }
                            a.delimiter = d.charAt(0);
                        }
                        case "--country" -> a.country = value;
                        case "--truth" -> a.truthColumn = value;
                        case "--truth-pattern" -> {
                            try {
                                a.truthPattern = Pattern.compile(value);
                            } catch (PatternSyntaxException e) {
                                throw new IllegalArgumentException("--truth-pattern is not a regular expression");
                            }
                        }
                        case "--link-above" -> link = probability(name, value);
                        case "--review-above" -> review = probability(name, value);
                        case "--max-block" -> maxBlock = positive(name, value);
                        case "--max-shared" -> maxShared = positive(name, value);
                        default -> throw new IllegalArgumentException("unknown option " + name);
                    }
                }
            }
            if (a.files.isEmpty()) {
                throw new IllegalArgumentException("give at least one --input (or --file)");
            }
            if (review > link) {
                throw new IllegalArgumentException("--review-above must not exceed --link-above");
            }
            a.options = new BatchResolver.Options(link, review, maxBlock, maxShared);
            if (a.out == null) {
                String name = a.files.get(0).getFileName().toString().replaceFirst("\\.csv$", "");
                a.out = a.files.get(0).resolveSibling(name + ".profiles.csv");
            }
            return a;
        }

        private static double probability(String name, String value) {
            try {
                double p = Double.parseDouble(value);
                if (p >= 0 && p <= 1) {
                    return p;
                }
            } catch (NumberFormatException ignored) {
                // answered below
            }
            throw new IllegalArgumentException(name + " must be a probability between 0 and 1");
        }

        private static int positive(String name, String value) {
            try {
                int n = Integer.parseInt(value);
                if (n > 0) {
                    return n;
                }
            } catch (NumberFormatException ignored) {
                // answered below
            }
            throw new IllegalArgumentException(name + " must be a positive whole number");
        }
    }
}
