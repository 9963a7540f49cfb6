package io.footbridge.identity.matching;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * {@code bench resolve}: generates a customer file of the given size (people plus corrupted copies: typos, swapped
 * names, missing fields, a digit off in the birth date), resolves it as the {@code resolve} command does, and prints
 * the wall time, the peak heap and the pairwise quality against the generated truth.
 */
public final class ResolveBenchmark {

    private static final String[] SYLLABLES = {"an", "ber", "cha", "del", "em", "fa", "gun", "ha", "il", "jo", "ka",
            "lo", "mar", "ne", "ol", "pe", "qui", "ra", "sen", "ti", "ul", "ve", "wen", "xa", "yo", "zel", "bri", "cor",
            "dan", "eli", "fin", "gra", "hol", "isa", "jen", "kli", "lux", "mon", "nor", "ost"};
    private static final String[] STREETS = {"street", "road", "lane", "place", "avenue", "way", "crescent"};

    private ResolveBenchmark() {
    }

    public static int run(String[] args, PrintStream out) throws IOException {
        int records = 1_000_000;
        for (String arg : args) {
            if (arg.startsWith("--records=")) {
                records = Integer.parseInt(arg.substring("--records=".length()).replace("_", ""));
            }
        }
        Path dir = Files.createTempDirectory("footbridge-resolve-bench");
        Path file = dir.resolve("customers.csv");
        long generating = System.nanoTime();
        generate(file, records, new Random(42));
        out.printf("generated %,d records (%,d MB) in %.1f s%n", records, Files.size(file) >> 20,
                (System.nanoTime() - generating) / 1e9);
        System.gc();
        resetPeaks();
        long started = System.nanoTime();
        int status = ResolveCommand.run(new String[]{"--file", file.toString(), "--map", "street=street_number,street",
                "--truth", "person"}, out, out);
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf("resolve of %,d records: %.1f s wall, peak heap %,d MB (max heap %,d MB, %d cores)%n", records,
                seconds, peakHeap() >> 20, Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().availableProcessors());
        try (var files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Files.delete(p);
            }
        }
        Files.delete(dir);
        return status;
    }

    /** 70 % of the records are people, the rest corrupted copies of some of them. */
    static void generate(Path file, int records, Random random) throws IOException {
        int people = (int) (records * 0.7);
        List<String[]> originals = new ArrayList<>(people);
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("record_id,person,first_name,last_name,birth_date,street_number,street,city,postcode\n");
            for (int i = 0; i < records; i++) {
                String[] person;
                String id;
                if (i < people) {
                    person = new String[]{Integer.toString(i), word(random, 2), word(random, 3), birthDate(random),
                            Integer.toString(1 + random.nextInt(300)),
                            word(random, 2) + " " + STREETS[random.nextInt(STREETS.length)], word(random, 3),
                            Integer.toString(1000 + random.nextInt(9000))};
                    originals.add(person);
                    id = "r" + i;
                } else {
                    person = corrupt(originals.get(random.nextInt(people)).clone(), random);
                    id = "r" + i;
                }
                out.write(id + "," + String.join(",", person) + "\n");
            }
        }
    }

    private static String[] corrupt(String[] p, Random random) {
        int changes = 1 + random.nextInt(2);
        for (int c = 0; c < changes; c++) {
            switch (random.nextInt(6)) {
                case 0 -> p[1] = typo(p[1], random);
                case 1 -> p[2] = typo(p[2], random);
                case 2 -> {
                    String first = p[1];
                    p[1] = p[2];
                    p[2] = first;
                }
                case 3 -> p[1 + random.nextInt(7)] = "";
                case 4 -> p[3] = p[3].isEmpty() ? p[3] : p[3].substring(0, 7) + random.nextInt(10);
                default -> p[5] = typo(p[5], random);
            }
        }
        return p;
    }

    private static String typo(String text, Random random) {
        if (text.length() < 3) {
            return text;
        }
        int at = 1 + random.nextInt(text.length() - 2);
        return switch (random.nextInt(3)) {
            case 0 -> text.substring(0, at) + text.substring(at + 1);
            case 1 -> text.substring(0, at) + (char) ('a' + random.nextInt(26)) + text.substring(at + 1);
            default -> text.substring(0, at) + text.charAt(at + 1) + text.charAt(at) + text.substring(at + 2);
        };
    }

    private static String word(Random random, int syllables) {
        StringBuilder word = new StringBuilder();
        for (int i = 0; i < syllables; i++) {
            word.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
        }
        return word.toString();
    }

    private static String birthDate(Random random) {
        return String.format("%04d%02d%02d", 1930 + random.nextInt(76), 1 + random.nextInt(12), 1 + random.nextInt(28));
    }

    private static void resetPeaks() {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    /** The sum of the heap pools' peaks: an upper bound of the heap in use at any one moment. */
    private static long peakHeap() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }
}
