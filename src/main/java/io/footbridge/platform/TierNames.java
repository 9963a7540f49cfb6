package io.footbridge.platform;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Checks loyalty tier names given for an offer or an event against the programme's, for the modules keeping them. */
public final class TierNames {

    private TierNames() {
    }

    /**
     * Each name given must be one of {@code known} (the programme's, lowest first), and named once; each fault is added
     * to {@code errors} as {@code tiers[i]}. Answers the names in the programme's order, whatever order they came in.
     */
    public static List<String> check(List<String> given, List<String> known, List<FieldError> errors) {
        Set<String> named = new LinkedHashSet<>();
        for (int i = 0; i < given.size(); i++) {
            String tier = given.get(i).strip();
            if (!known.contains(tier)) {
                errors.add(new FieldError("tiers[" + i + "]", known.isEmpty() ? "the loyalty programme has no tiers"
                        : "is not a tier of the loyalty programme (" + String.join(", ", known) + ")"));
            } else if (!named.add(tier)) {
                errors.add(new FieldError("tiers[" + i + "]", "is named twice"));
            }
        }
        return known.stream().filter(named::contains).toList();
    }
}
