package io.footbridge.identity.matching;

import org.apache.commons.codec.language.DoubleMetaphone;
import org.apache.commons.text.similarity.JaroWinklerSimilarity;

import java.util.List;

/**
 * Scores two people who share no identifier, one pair at a time, for the resolver that follows captured events:
 * the same fields, agreement levels and holding-apart rules as the batch {@code resolve}, with m/u weights
 * estimated by EM from a sample of the tenant's own people (or the starting values while there are too few).
 */
public final class ProbableMatch {

    /** Fewer people than this give EM too few candidate pairs to learn from. */
    public static final int MIN_SAMPLE = 100;

    private static final JaroWinklerSimilarity JARO_WINKLER = new JaroWinklerSimilarity();
    private static final ThreadLocal<DoubleMetaphone> METAPHONE = ThreadLocal.withInitial(DoubleMetaphone::new);

    /** What a person said about themselves, normalised for comparison. */
    public record Traits(String firstName, String lastName, String birthDate, String street, String city,
                         String postcode) {

        /** From raw values as captured; the birth date as ISO ({@code 1985-04-12}) or the other forms resolve reads. */
        public static Traits of(String firstName, String lastName, String birthDate, String street, String city,
                                String postcode) {
            // capped to what is kept; a longer value is no more telling
            return new Traits(cap(PersonFile.text(firstName), 100), cap(PersonFile.text(lastName), 100),
                    PersonFile.date(birthDate), cap(PersonFile.text(street), 200), cap(PersonFile.text(city), 100),
                    cap(PersonFile.code(postcode), 20));
        }

        public boolean isEmpty() {
            return firstName == null && lastName == null && birthDate == null && street == null && city == null
                    && postcode == null;
        }

        /** Enough to tell a person from a namesake: both names and a birth date or an address. */
        public boolean matchable() {
            return firstName != null && lastName != null && (birthDate != null || postcode != null || street != null);
        }

        public String firstKey() {
            return sound(firstName);
        }

        public String lastKey() {
            return sound(lastName);
        }

        Person person() {
            return new Person(null, null, firstName, lastName, null, null, null, birthDate, street, city, postcode,
                    null);
        }
    }

    /**
     * @param probability the model's probability that the two are one person
     * @param heldApart   why they must not be joined automatically whatever the score (a household), or null
     */
    public record Score(double probability, String heldApart) {
    }

    private final FellegiSunter model;

    private ProbableMatch(FellegiSunter model) {
        this.model = model;
    }

    /** The starting weights, before any data: cautious about everything but exact agreement. */
    public static ProbableMatch untrained() {
        return new ProbableMatch(FellegiSunter.estimate(java.util.Map.of()));
    }

    /** Weights estimated from the candidate pairs among these people; the untrained weights for a small sample. */
    public static ProbableMatch estimate(List<Traits> sample) {
        if (sample.size() < MIN_SAMPLE) {
            return untrained();
        }
        List<Person> people = sample.stream().map(Traits::person).toList();
        return new ProbableMatch(new BatchResolver(BatchResolver.Options.defaults()).estimate(people));
    }

    public Score score(Traits a, Traits b) {
        Person first = a.person();
        Person second = b.person();
        int pattern = Fields.pattern(first, second);
        // the rules that hold a scored pair apart in batch resolve; then, as the live resolver sees each record
        // once and cannot take a link back when a better one turns up, any evidence against (another first name or
        // another birth date alone), a pair that agrees on nothing but the names (namesakes) and an initial that
        // fits several members of a family
        String apart = BatchResolver.heldApart(pattern, first, second);
        if (apart == null) {
            apart = Evidence.against(first, second);
        }
        if (apart == null && !corroborated(pattern)) {
            apart = "nothing but the names to go by";
        }
        if (apart == null && (Evidence.initial(a.firstName()) || Evidence.initial(b.firstName()))) {
            apart = "only an initial for a first name";
        }
        return new Score(model.probability(pattern), apart);
    }

    /** Birth date, street or postcode agree (a typo aside for the birth date): more than a namesake would share. */
    private static boolean corroborated(int pattern) {
        int birthDate = Fields.level(pattern, 2);
        return birthDate == 1 || birthDate == 2 || Fields.level(pattern, 3) == 1 || Fields.level(pattern, 5) == 1;
    }

    /**
     * What agreed and what did not between two people's traits, in words for staff: "first name, surname, postcode
     * agree; birth date one digit off or day and month swapped; street differs".
     */
    public static String describe(Traits a, Traits b) {
        int pattern = Fields.pattern(a.person(), b.person());
        java.util.Map<Integer, List<String>> byLevel = new java.util.TreeMap<>();
        String[] names = {"first name", "surname", "birth date", "street", "city", "postcode"};
        for (int field = 0; field < names.length; field++) {
            byLevel.computeIfAbsent(Fields.level(pattern, field), l -> new java.util.ArrayList<>()).add(names[field]);
        }
        List<String> parts = new java.util.ArrayList<>();
        String[] says = {null, " agree", " nearly agree (a typo, a digit off)", " differ"};
        for (int level = 1; level <= 3; level++) {
            List<String> fields = byLevel.get(level);
            if (fields != null) {
                parts.add(String.join(", ", fields) + (fields.size() == 1 ? says[level].replace("agree", "agrees")
                        .replace("differ", "differs") : says[level]));
            }
        }
        return String.join("; ", parts);
    }

    /** How alike a searched name is to a person's names, 0 to 1, in either order and against either name alone. */
    public static double nameSimilarity(String searched, String firstName, String lastName) {
        String query = PersonFile.text(searched);
        if (query == null) {
            return 0;
        }
        String first = firstName == null ? "" : firstName;
        String last = lastName == null ? "" : lastName;
        double best = 0;
        for (String candidate : List.of((first + " " + last).strip(), (last + " " + first).strip(), first, last)) {
            if (!candidate.isEmpty()) {
                best = Math.max(best, JARO_WINKLER.apply(query, candidate));
            }
        }
        return best;
    }

    /** The phonetic keys of a searched name's words, to find candidates by. */
    public static List<String> nameKeys(String searched) {
        String query = PersonFile.text(searched);
        if (query == null) {
            return List.of();
        }
        return java.util.Arrays.stream(query.split(" ")).map(ProbableMatch::sound)
                .filter(key -> key != null && !key.isEmpty()).distinct().limit(5).toList();
    }

    /** The estimated parameters, for the logs of a refit. */
    public String describe() {
        return model.describe();
    }

    private static String cap(String text, int length) {
        return text == null || text.length() <= length ? text : text.substring(0, length);
    }

    private static String sound(String text) {
        return text == null ? null : METAPHONE.get().doubleMetaphone(text);
    }
}
