package io.footbridge.identity.matching;

import org.apache.commons.text.similarity.JaroWinklerSimilarity;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Evidence that two records are two people, whatever else they share: another first name (not a nickname, an
 * initial, a typo or part of a double name) or another birth date (not a digit off or day and month swapped). A
 * family shares surname, address, landline and sometimes an e-mail; first names and birth dates it does not.
 * The same rules hold in batch {@code resolve} and in the live resolver.
 */
public final class Evidence {

    private static final JaroWinklerSimilarity JARO_WINKLER = new JaroWinklerSimilarity();
    /** name → the families it belongs to (a short form such as "chris" may stand for several names) */
    private static final List<List<String>> MEMBERS = members();
    private static final Map<String, Set<Integer>> FAMILIES = families();
    /** The most first names a household's value is seen with; more, and it is a number typed for anyone. */
    public static final int HOUSEHOLD = 5;

    private Evidence() {
    }

    /** Why these two records are two people, or null when nothing says so. Names and dates as given. */
    public static String against(String firstA, String birthA, String firstB, String birthB) {
        String a = PersonFile.text(firstA);
        String b = PersonFile.text(firstB);
        if (differentFirstNames(a, b)) {
            return "another first name";
        }
        if (differentBirthDates(PersonFile.date(birthA), PersonFile.date(birthB))) {
            return "another birth date";
        }
        return null;
    }

    static String against(Person a, Person b) {
        if (differentFirstNames(a, b)) {
            return "another first name";
        }
        if (differentBirthDates(a.birthDate(), b.birthDate())) {
            return "another birth date";
        }
        return null;
    }

    /**
     * Another first name and another birth date: two people even when everything else agrees, so strong that not
     * even a high match probability joins them (it comes from surname and address, which a family shares).
     */
    static boolean strong(Person a, Person b) {
        // a birth date one digit off is a typo for one person, but for two people at one address it is a parent
        // and child, or twins: only the very same date lets a name that differs pass as a typo
        return differentFirstNames(a, b) && a.birthDate() != null && b.birthDate() != null
                && !a.birthDate().equals(b.birthDate());
    }

    /**
     * Another first name, unless the names were only typed the wrong way round. An initial is not taken for the
     * other's surname: "V. Vogel" is not "Vogel, Daniel".
     */
    private static boolean differentFirstNames(Person a, Person b) {
        return differentFirstNames(a.firstName(), b.firstName())
                && (a.lastName() == null || initial(a.firstName()) || differentFirstNames(a.firstName(), b.lastName()));
    }

    /**
     * A value a few people share (a household's landline or e-mail, a phone a couple passes around) still says who
     * a record is when the first name is given beside it: the people of one household are not given one name. The
     * holders of such a value that give a first name in full and a surname, grouped by first name (nicknames counted
     * as one); within a group, those with no {@link #otherSurname other surname} and nothing else against them (a
     * birth date, a loyalty number: each resolver asks its own) are one person. A value on records with more first
     * names than a household has is a number typed for anyone: no groups, it links nobody at all. One rule for
     * batch {@code resolve} and the live resolver.
     */
    public static <T> Collection<List<T>> oneFirstName(Collection<T> holders, Function<T, String> firstName,
                                                       Function<T, String> lastName) {
        Map<String, List<T>> byName = new HashMap<>();
        for (T holder : holders) {
            String first = firstName.apply(holder);
            if (first != null && !initial(first) && lastName.apply(holder) != null) {
                byName.computeIfAbsent(canonicalFirstName(first), k -> new ArrayList<>()).add(holder);
            }
        }
        return byName.size() > HOUSEHOLD ? List.of() : byName.values();
    }

    /** Another surname, not a typo of it: two holders of a household's value who give it are two people. */
    public static boolean otherSurname(String a, String b) {
        return Fields.text(a, b) == 3;
    }

    /** A first name given as its initial only (normalised: "A." is "a"): too little to tell family members apart. */
    public static boolean initial(String firstName) {
        return firstName != null && firstName.length() == 1;
    }

    /**
     * One spelling for the names of one nickname family ({@code kathi} and {@code katharina} alike), so that names
     * can be counted and compared as keys; a short form of several families stays as it is.
     */
    static String canonicalFirstName(String name) {
        Set<Integer> families = name == null ? null : FAMILIES.get(name);
        return families == null || families.size() != 1 ? name : "#" + families.iterator().next();
    }

    /** Birth dates as yyyyMMdd. */
    static boolean differentBirthDates(String a, String b) {
        return Fields.date(a, b) == 3;
    }

    /** First names normalised as {@link PersonFile#text}: lower case, no accents, words split by one space. */
    static boolean differentFirstNames(String a, String b) {
        if (a == null || b == null || a.equals(b)) {
            return false;
        }
        for (String x : a.split(" ")) {
            for (String y : b.split(" ")) {
                if (alike(x, y)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean alike(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        // an initial, or a name cut short ("Alex", "Chris")
        String shorter = a.length() <= b.length() ? a : b;
        String longer = shorter == a ? b : a;
        if (shorter.length() == 1) {
            return longer.startsWith(shorter);
        }
        if (shorter.length() >= 3 && longer.startsWith(shorter)) {
            return true;
        }
        if (JARO_WINKLER.apply(a, b) >= 0.88 && typo(a, b)) {
            return true;
        }
        Set<Integer> familiesA = FAMILIES.get(a);
        Set<Integer> familiesB = FAMILIES.get(b);
        if (familiesA != null && familiesB != null && familiesA.stream().anyMatch(familiesB::contains)) {
            return true;
        }
        // a short form against a typo of its full name ("Bine" and "Sabnie"): a typo of a name of the family
        return typoInFamily(familiesA, b) || typoInFamily(familiesB, a);
    }

    /**
     * Few enough edits apart to be one name mistyped: one in a short name, two in a longer one (letters left out,
     * swapped or another typed). Jaro-Winkler alone takes "Hannah" for "Anna" and "Kai" for "Karin".
     */
    private static boolean typo(String a, String b) {
        return edits(a, b) <= (Math.min(a.length(), b.length()) <= 5 ? 1 : 2);
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
    private static int edits(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    private static boolean typoInFamily(Set<Integer> families, String name) {
        // a name of its own ("Alexander" against "Sandra", a short form of Alexandra) is no typo of another
        if (families == null || name.length() < 4 || FAMILIES.containsKey(name)) {
            return false;
        }
        for (int family : families) {
            for (String member : MEMBERS.get(family)) {
                if (member.length() >= 4 && JARO_WINKLER.apply(member, name) >= 0.88 && typo(member, name)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Map<String, Set<Integer>> families() {
        Map<String, Set<Integer>> families = new HashMap<>();
        for (int family = 0; family < MEMBERS.size(); family++) {
            for (String name : MEMBERS.get(family)) {
                families.computeIfAbsent(name, n -> new HashSet<>()).add(family);
            }
        }
        return Map.copyOf(families);
    }

    /** The names of each family of {@code identity/nicknames.txt}, one family a line. */
    private static List<List<String>> members() {
        List<List<String>> members = new ArrayList<>();
        try (InputStream in = Evidence.class.getResourceAsStream("/identity/nicknames.txt")) {
            if (in == null) {
                throw new IllegalStateException("identity/nicknames.txt is missing from the class path");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    members.add(List.of(line.strip().split("\\s+")));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return List.copyOf(members);
    }
}
