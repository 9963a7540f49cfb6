package io.footbridge.identity.matching;

import org.apache.commons.text.similarity.JaroWinklerSimilarity;
import org.apache.commons.text.similarity.LevenshteinDistance;

/**
 * Compares two people field by field into agreement levels, packed into one number per pair so that pairs can be
 * counted by pattern. Level 0 is "missing on either side" and carries no evidence either way.
 */
final class Fields {

    /** first name, last name, birth date, street, city, postcode, email, phone */
    static final int COUNT = 8;
    static final int LEVELS = 4;
    static final String[] NAMES = {"first_name", "last_name", "birth_date", "street", "city", "postcode", "email",
            "phone"};

    private static final JaroWinklerSimilarity JARO_WINKLER = new JaroWinklerSimilarity();
    private static final LevenshteinDistance ONE_EDIT = new LevenshteinDistance(1);

    private Fields() {
    }

    static int pattern(Person a, Person b) {
        int[] level = new int[COUNT];
        // a swapped first and last name is a common typing mistake: compare crosswise too and keep the better
        int firstDirect = firstName(a.firstName(), b.firstName());
        int lastDirect = text(a.lastName(), b.lastName());
        int firstCross = text(a.firstName(), b.lastName());
        int lastCross = text(a.lastName(), b.firstName());
        if (firstCross > 0 && lastCross > 0 && firstCross + lastCross < firstDirect + lastDirect
                && firstCross <= 2 && lastCross <= 2) {
            level[0] = firstCross;
            level[1] = lastCross;
        } else {
            level[0] = firstDirect;
            level[1] = lastDirect;
        }
        level[2] = date(a.birthDate(), b.birthDate());
        level[3] = text(a.street(), b.street());
        level[4] = text(a.city(), b.city());
        level[5] = code(a.postcode(), b.postcode());
        level[6] = exact(a.email(), b.email());
        level[7] = exact(a.phone(), b.phone());
        int packed = 0;
        for (int i = 0; i < COUNT; i++) {
            packed = packed * LEVELS + level[i];
        }
        return packed;
    }

    static int level(int pattern, int field) {
        for (int i = COUNT - 1; i > field; i--) {
            pattern /= LEVELS;
        }
        return pattern % LEVELS;
    }

    /**
     * First names as {@link #text}, but a nickname or a name cut short ("Kathi", "Alex") is a near match, not another
     * name: scored as different, the one in four till and form records that give a short form would each count as
     * evidence of another person. An initial stays "different" here (it may be Anna or Andreas); the evidence rules,
     * not the score, take it as no evidence against.
     */
    static int firstName(String a, String b) {
        if (a == null || b == null) {
            return 0;
        }
        if (Evidence.initial(a) || Evidence.initial(b)) {
            // scored as different: counted as no evidence, "A. Wagner" with the household's address and another
            // birth date outweighed the birth date and joined mother and son (precision 0.99 -> 0.95 at 3,000);
            // two equal initials too: "M. Groß" twice at one address is mother and daughter as often as not
            return 3;
        }
        if (a.equals(b)) {
            return 1;
        }
        return Evidence.differentFirstNames(a, b) ? 3 : 2;
    }

    /** 1 the same, 2 a typo apart, 3 different. */
    static int text(String a, String b) {
        if (a == null || b == null) {
            return 0;
        }
        if (a.equals(b)) {
            return 1;
        }
        return JARO_WINKLER.apply(a, b) >= 0.88 ? 2 : 3;
    }

    /** Birth dates: 1 the same, 2 one digit off or day and month swapped, 3 different. */
    static int date(String a, String b) {
        if (a == null || b == null) {
            return 0;
        }
        if (a.equals(b)) {
            return 1;
        }
        boolean swapped = a.length() == 8 && b.length() == 8 && a.substring(0, 4).equals(b.substring(0, 4))
                && a.substring(4, 6).equals(b.substring(6, 8)) && a.substring(6, 8).equals(b.substring(4, 6));
        return swapped || ONE_EDIT.apply(a, b) >= 0 ? 2 : 3;
    }

    /** Codes such as postcodes: 1 the same, 2 one character off, 3 different. */
    static int code(String a, String b) {
        if (a == null || b == null) {
            return 0;
        }
        if (a.equals(b)) {
            return 1;
        }
        return ONE_EDIT.apply(a, b) >= 0 ? 2 : 3;
    }

    static int exact(String a, String b) {
        if (a == null || b == null) {
            return 0;
        }
        return a.equals(b) ? 1 : 3;
    }
}
