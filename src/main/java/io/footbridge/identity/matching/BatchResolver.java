package io.footbridge.identity.matching;

import io.footbridge.identity.IdentifierNormaliser;
import io.footbridge.identity.IdentifierType;
import org.apache.commons.codec.language.DoubleMetaphone;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Groups customer records into people: first by exact shared identifiers (email, phone, loyalty number), then by
 * Fellegi-Sunter scores on name, birth date and address for the pairs that blocking brings together. Blocking
 * sorts records by several keys and only compares records within small blocks, so the cost grows near-linearly
 * with the number of records.
 */
final class BatchResolver {

    /**
     * @param linkAbove   match probability from which two records are one person
     * @param reviewAbove probability from which a pair is listed for review
     * @param maxBlock    blocks larger than this are not compared (another key usually brings the pair together)
     * @param maxShared   an exact identifier on more records than this is taken to be shared, not a person's
     */
    record Options(double linkAbove, double reviewAbove, int maxBlock, int maxShared) {

        static Options defaults() {
            return new Options(0.9, 0.5, 50, 20);
        }
    }

    /** Why a record is in its group: the strongest link it has, or none. */
    record Link(int partner, double probability, String by) {
    }

    record Pair(int a, int b, double probability) {
    }

    record Result(int[] group, Link[] links, List<Pair> review, FellegiSunter model, long candidatePairs) {
    }

    private static final int REVIEW_CAP = 100_000;
    /** How many people may be expected to bear a name for it to join records on its own. */
    private static final double NAMESAKES = 0.1;
    /**
     * The last key, the birth day alone, catches pairs whose names and address are all corrupted; in a large file
     * its blocks fill with strangers, so there it is only used for blocks this small.
     */
    private static final int SMALL_BLOCKS_ONLY = 8;

    private final Options options;

    BatchResolver(Options options) {
        this.options = options;
    }

    Result resolve(List<Person> people) {
        int n = people.size();
        UnionFind groups = new UnionFind(people);
        Link[] links = new Link[n];
        Set<String> shared = exactIdentifiers(people, groups, links);

        // a shared value agreeing is no evidence either: it is scored as missing
        Candidates candidates = candidates(shared.isEmpty() ? people : people.stream()
                .map(p -> withoutShared(p, shared)).toList());
        PairList pairs = candidates.pairs();
        int[] patterns = candidates.patterns();
        FellegiSunter model = FellegiSunter.estimate(candidates.counts());
        Map<Integer, Double> probabilities = new HashMap<>();
        candidates.counts().keySet().forEach(pattern -> probabilities.put(pattern, model.probability(pattern)));

        List<Pair> review = new ArrayList<>();
        // strongest first, so that when two links would join two people the better one wins
        Integer[] order = IntStream.range(0, pairs.size).boxed().toArray(Integer[]::new);
        double[] probability = new double[pairs.size];
        for (int i = 0; i < pairs.size; i++) {
            probability[i] = probabilities.get(patterns[i]);
        }
        Arrays.sort(order, (x, y) -> Double.compare(probability[y], probability[x]));
        for (int i : order) {
            int a = pairs.a(i);
            int b = pairs.b(i);
            boolean heldApart = heldApart(patterns[i], people.get(a), people.get(b)) != null;
            if (probability[i] >= options.linkAbove() && !heldApart && groups.union(a, b, false)) {
                keepBest(links, a, b, probability[i]);
            } else if (probability[i] >= options.reviewAbove() && review.size() < REVIEW_CAP) {
                review.add(new Pair(a, b, probability[i]));
            }
        }
        rareNames(people, groups, links);
        int[] group = new int[n];
        int[] numberOfRoot = new int[n];
        Arrays.fill(numberOfRoot, -1);
        int next = 0;
        for (int i = 0; i < n; i++) {
            int root = groups.find(i);
            if (numberOfRoot[root] < 0) {
                numberOfRoot[root] = next++;
            }
            group[i] = numberOfRoot[root];
        }
        review.removeIf(pair -> group[pair.a()] == group[pair.b()]);
        return new Result(group, links, review, model, pairs.size);
    }

    /**
     * Records that share nothing but a rare full name are one person. How rare is estimated from the file: the
     * share of its people with that first name times the share with that surname gives how many people are
     * expected to bear it; when that is below {@link #NAMESAKES} the name is taken as one person's, and the groups
     * bearing it join unless a first name, birth date or loyalty number in them says otherwise. In a larger file
     * the same name is less rare, so fewer names qualify.
     */
    private static void rareNames(List<Person> people, UnionFind groups, Link[] links) {
        // names as numbers and groups counted by sorting, not sets of boxed ids: a million records must fit in 1 GB
        int n = people.size();
        Map<String, Integer> firstIds = new HashMap<>();
        Map<String, Integer> lastIds = new HashMap<>();
        Map<String, Integer> postcodeIds = new HashMap<>();
        int[] first = new int[n];
        int[] last = new int[n];
        int[] postcode = new int[n];
        int[] root = new int[n];
        Arrays.fill(first, -1);
        Arrays.fill(last, -1);
        Arrays.fill(postcode, -1);
        boolean[] named = new boolean[n];
        for (int i = 0; i < n; i++) {
            Person p = people.get(i);
            if (p.firstName() == null || p.lastName() == null || p.firstName().length() < 2) {
                continue;
            }
            first[i] = firstIds.computeIfAbsent(Evidence.canonicalFirstName(p.firstName()), k -> firstIds.size());
            last[i] = lastIds.computeIfAbsent(p.lastName(), k -> lastIds.size());
            postcode[i] = p.postcode() == null ? -1 : postcodeIds.computeIfAbsent(p.postcode(),
                    k -> postcodeIds.size());
            root[i] = groups.find(i);
            named[root[i]] = true;
        }
        double total = 0;
        for (boolean b : named) {
            total += b ? 1 : 0;
        }
        int[] firstGroups = distinctGroups(first, first, root, firstIds.size());
        int[] lastGroups = distinctGroups(first, last, root, lastIds.size());
        int[] postcodeGroups = distinctGroups(first, postcode, root, postcodeIds.size());
        long lasts = lastIds.size();
        long postcodes = postcodeIds.size() + 1L;
        long[] nameKey = new long[n];
        long[] placeKey = new long[n];
        for (int i = 0; i < n; i++) {
            nameKey[i] = first[i] < 0 ? -1 : first[i] * lasts + last[i];
            // fits a long while the file has fewer than about two million distinct values of each
            placeKey[i] = first[i] < 0 || postcode[i] < 0 ? -1 : nameKey[i] * postcodes + postcode[i];
        }
        for (long[] keys : List.of(nameKey, placeKey)) {
            boolean withPostcode = keys == placeKey;
            for (int[] same : bearers(keys)) {
                int a = same[0];
                double expected = firstGroups[first[a]] * (double) lastGroups[last[a]] / total;
                if (withPostcode) {
                    expected *= postcodeGroups[postcode[a]] / total;
                }
                if (expected > NAMESAKES || twoPeople(groups, same)) {
                    continue;
                }
                for (int k = 1; k < same.length; k++) {
                    int other = same[k];
                    if (groups.find(a) != groups.find(other) && groups.union(a, other, BatchResolver::namesakes)) {
                        keepBest(links, a, other, 1 - expected, "name");
                    }
                }
            }
        }
    }

    /**
     * A name on records that are clearly two people (another birth date, another postcode) is two namesakes'
     * however rare it looks: which of them a record with only the name is cannot be told.
     */
    private static boolean twoPeople(UnionFind groups, int[] bearers) {
        if (bearers.length > 100) {
            // more records than one person leaves
            return true;
        }
        for (int i = 0; i < bearers.length; i++) {
            for (int j = i + 1; j < bearers.length; j++) {
                if (groups.find(bearers[i]) != groups.find(bearers[j])
                        && groups.apart(bearers[i], bearers[j], BatchResolver::namesakes)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** For each value, how many distinct groups bear it (records with {@code present[i] < 0} left out: unnamed). */
    private static int[] distinctGroups(int[] present, int[] value, int[] root, int values) {
        long[] pairs = IntStream.range(0, present.length).filter(i -> present[i] >= 0 && value[i] >= 0)
                .mapToLong(i -> (long) value[i] << 32 | root[i]).sorted().toArray();
        int[] count = new int[values];
        for (int i = 0; i < pairs.length; i++) {
            if (i == 0 || pairs[i] != pairs[i - 1]) {
                count[(int) (pairs[i] >>> 32)]++;
            }
        }
        return count;
    }

    /** The records of each key borne by two or more, in record order; keys below 0 are no key. */
    private static List<int[]> bearers(long[] keys) {
        long[] sorted = Arrays.stream(keys).filter(k -> k >= 0).sorted().toArray();
        Map<Long, Integer> shared = new HashMap<>();
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i] == sorted[i - 1]) {
                shared.merge(sorted[i], 1, Integer::sum);
            }
        }
        Map<Long, int[]> records = new HashMap<>();
        Map<Long, Integer> filled = new HashMap<>();
        for (int i = 0; i < keys.length; i++) {
            Integer more = keys[i] < 0 ? null : shared.get(keys[i]);
            if (more != null) {
                int[] list = records.computeIfAbsent(keys[i], k -> new int[more + 1]);
                list[filled.merge(keys[i], 1, Integer::sum) - 1] = i;
            }
        }
        List<int[]> found = new ArrayList<>(records.values());
        found.sort(java.util.Comparator.comparingInt(list -> list[0]));
        return found;
    }

    /** The model alone, estimated from the candidate pairs that blocking finds among these records. */
    FellegiSunter estimate(List<Person> people) {
        return FellegiSunter.estimate(candidates(people).counts());
    }

    private record Candidates(PairList pairs, int[] patterns, Map<Integer, Long> counts) {
    }

    private Candidates candidates(List<Person> people) {
        int n = people.size();
        List<Function<Person, String>> keys = blockingKeys();
        long[][] hashes = new long[keys.size()][];
        int[][] blockSizes = new int[keys.size()][];
        PairList pairs = new PairList();
        for (int k = 0; k < keys.size(); k++) {
            Function<Person, String> key = keys.get(k);
            hashes[k] = people.parallelStream().mapToLong(p -> hash(key.apply(p))).toArray();
            blockSizes[k] = new int[n];
            candidatePairs(k, hashes, blockSizes, pairs);
        }
        int[] patterns = IntStream.range(0, pairs.size).parallel()
                .map(i -> Fields.pattern(people.get(pairs.a(i)), people.get(pairs.b(i)))).toArray();
        Map<Integer, Long> counts = new HashMap<>();
        for (int pattern : patterns) {
            counts.merge(pattern, 1L, Long::sum);
        }
        return new Candidates(pairs, patterns, counts);
    }

    private static Person withoutShared(Person p, Set<String> shared) {
        boolean email = p.email() != null && shared.contains("email:" + p.email());
        boolean phone = p.phone() != null && shared.contains("phone:" + p.phone());
        return !email && !phone ? p : new Person(p.recordId(), p.source(), p.firstName(), p.lastName(),
                email ? null : p.email(), phone ? null : p.phone(), p.loyaltyId(), p.birthDate(), p.street(), p.city(),
                p.postcode(), p.truth());
    }

    /**
     * Records sharing an email, phone or loyalty number are one person, unless the value is on too many or on
     * records that are clearly two people.
     *
     * @return the values found shared ({@code type:value}), which link nobody
     */
    private Set<String> exactIdentifiers(List<Person> people, UnionFind groups, Link[] links) {
        Set<String> shared = new HashSet<>();
        List<Map.Entry<String, Function<Person, String>>> identifiers = List.of(
                Map.entry("loyaltyId", Person::loyaltyId), Map.entry("email", Person::email),
                Map.entry("phone", Person::phone));
        for (var identifier : identifiers) {
            Map<String, List<Integer>> holders = new HashMap<>();
            for (int i = 0; i < people.size(); i++) {
                String value = identifier.getValue().apply(people.get(i));
                if (value != null) {
                    holders.computeIfAbsent(value, v -> new ArrayList<>(2)).add(i);
                }
            }
            IdentifierType type = IdentifierType.ofKey(identifier.getKey()).orElseThrow();
            for (var entry : holders.entrySet()) {
                List<Integer> same = entry.getValue();
                if (same.size() >= 2 && IdentifierNormaliser.household(type, entry.getKey())) {
                    // a household's value says whose a record is only with a name beside it
                    same = same.stream().filter(i -> people.get(i).firstName() != null).toList();
                }
                if (same.size() < 2) {
                    continue;
                }
                if (same.size() > options.maxShared() || sharedByTwoPeople(people, same)) {
                    shared.add(identifier.getKey() + ":" + entry.getKey());
                    sameNameInHousehold(people, same, groups, links, identifier.getKey());
                    continue;
                }
                int first = same.get(0);
                for (int other : same.subList(1, same.size())) {
                    if (groups.union(first, other, true)) {
                        keepBest(links, first, other, 1.0, identifier.getKey());
                    }
                }
            }
        }
        return shared;
    }

    /** The household rule of {@link Evidence#oneFirstName}; a birth date or loyalty number against is the groups'. */
    private static void sameNameInHousehold(List<Person> people, List<Integer> holders, UnionFind groups,
                                            Link[] links, String by) {
        for (List<Integer> same : Evidence.oneFirstName(holders, i -> people.get(i).firstName(),
                i -> people.get(i).lastName())) {
            int first = same.get(0);
            for (int other : same.subList(1, same.size())) {
                if (!Evidence.otherSurname(people.get(first).lastName(), people.get(other).lastName())
                        && groups.union(first, other, true)) {
                    keepBest(links, first, other, 1.0, by + "+name");
                }
            }
        }
    }

    /**
     * An identifier on records that are clearly two people (a household's landline, a family e-mail, a number
     * typed at the till for many) links nobody on its own: which of them a record with only that value belongs to
     * cannot be told.
     */
    private static boolean sharedByTwoPeople(List<Person> people, List<Integer> holders) {
        for (int i = 0; i < holders.size(); i++) {
            for (int j = i + 1; j < holders.size(); j++) {
                if (conflict(people.get(holders.get(i)), people.get(holders.get(j)))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Same surname and address but another first name and another birth date: a family member, not a typo. The
     * address fields agree together, which the independence assumption of the model counts several times over.
     */
    static boolean household(int pattern) {
        return Fields.level(pattern, 0) == 3 && Fields.level(pattern, 2) == 3;
    }

    /**
     * Another surname, birth date and postcode: however well first name and street agree, these are two people
     * (a common street name in another town). The model, estimated from a small file, can weigh an agreeing street
     * so high that it outweighs all three.
     */
    static boolean strangers(int pattern) {
        return Fields.level(pattern, 1) == 3 && Fields.level(pattern, 2) == 3 && Fields.level(pattern, 5) == 3;
    }

    /** The rules that hold a scored pair apart whatever its probability; the live resolver's probable matches too. */
    static String heldApart(int pattern, Person a, Person b) {
        if (household(pattern)) {
            return "same surname and address, another first name and birth date: a household";
        }
        if (strangers(pattern)) {
            return "another surname, birth date and postcode";
        }
        if (loyaltyConflict(a, b)) {
            return "two loyalty numbers";
        }
        if (Evidence.strong(a, b)) {
            return "another first name and another birth date";
        }
        return null;
    }

    /** Two loyalty numbers are two people, however alike they look; staff may still join them after review. */
    private static boolean loyaltyConflict(Person a, Person b) {
        return a.loyaltyId() != null && b.loyaltyId() != null && !a.loyaltyId().equals(b.loyaltyId());
    }

    /** Two loyalty numbers, or another first name and another birth date: two people whatever the score says. */
    private static boolean strongConflict(Person a, Person b) {
        return loyaltyConflict(a, b) || Evidence.strong(a, b);
    }

    /**
     * Records joined by nothing but their name are two namesakes when anything else says so: a first name, birth
     * date or loyalty number, or a postcode (which a name shared across town cannot outweigh; someone who moved is
     * joined through an identifier or a score instead).
     */
    private static boolean namesakes(Person a, Person b) {
        return conflict(a, b) || Fields.code(a.postcode(), b.postcode()) == 3;
    }

    /** Two loyalty numbers, first names or birth dates: a shared value does not make them one person. */
    private static boolean conflict(Person a, Person b) {
        return loyaltyConflict(a, b) || Evidence.against(a, b) != null;
    }

    private static List<Function<Person, String>> blockingKeys() {
        ThreadLocal<DoubleMetaphone> metaphone = ThreadLocal.withInitial(DoubleMetaphone::new);
        Function<String, String> sound = text -> text == null ? null : metaphone.get().doubleMetaphone(text);
        return List.of(
                // a birth day alone puts dozens of strangers in a block in a large file; an initial splits them
                p -> join(p.birthDate(), firstInitial(p)),
                p -> join(p.postcode(), initial(p.lastName())),
                p -> {
                    String first = sound.apply(p.firstName());
                    String last = sound.apply(p.lastName());
                    // sorted, so that swapped first and last names land in the same block
                    return first == null || last == null ? null
                            : first.compareTo(last) <= 0 ? first + "|" + last : last + "|" + first;
                },
                p -> join(sound.apply(p.lastName()), p.birthDate() == null ? null : p.birthDate().substring(0, 4)),
                p -> join(sound.apply(p.firstName()), p.postcode()),
                p -> join(p.street() == null || p.street().length() < 4 ? null : p.street(), p.city()),
                // the birth day alone, only where its blocks stay small (see SMALL_BLOCKS_ONLY)
                Person::birthDate);
    }

    /** The smaller of the two name initials, so that swapped names keep the key. */
    private static String firstInitial(Person p) {
        String a = initial(p.firstName());
        String b = initial(p.lastName());
        return a == null ? b : b == null ? a : a.compareTo(b) <= 0 ? a : b;
    }

    private static String initial(String text) {
        return text == null || text.isEmpty() ? null : text.substring(0, 1);
    }

    private static String join(String a, String b) {
        return a == null || b == null || a.isEmpty() || b.isEmpty() ? null : a + "|" + b;
    }

    /** 0 means no key; a collision only adds a pair to compare. */
    private static long hash(String key) {
        if (key == null || key.isEmpty()) {
            return 0;
        }
        long h = 1125899906842597L;
        for (int i = 0; i < key.length(); i++) {
            h = 31 * h + key.charAt(i);
        }
        return h == 0 ? 1 : h;
    }

    /** Adds the pairs of key k's blocks that no earlier key has brought together already. */
    private void candidatePairs(int k, long[][] hashes, int[][] blockSizes, PairList pairs) {
        long[] hash = hashes[k];
        int maxBlock = k == hashes.length - 1 ? Math.min(SMALL_BLOCKS_ONLY, options.maxBlock()) : options.maxBlock();
        int n = hash.length;
        Integer[] order = IntStream.range(0, n).filter(i -> hash[i] != 0).boxed().toArray(Integer[]::new);
        Arrays.parallelSort(order, (x, y) -> Long.compare(hash[x], hash[y]));
        int start = 0;
        while (start < order.length) {
            int end = start + 1;
            while (end < order.length && hash[order[end]] == hash[order[start]]) {
                end++;
            }
            int size = end - start;
            for (int i = start; i < end; i++) {
                blockSizes[k][order[i]] = size;
            }
            if (size >= 2 && size <= maxBlock) {
                for (int i = start; i < end; i++) {
                    for (int j = i + 1; j < end; j++) {
                        int a = Math.min(order[i], order[j]);
                        int b = Math.max(order[i], order[j]);
                        if (!pairedBefore(k, a, b, hashes, blockSizes)) {
                            pairs.add(a, b);
                        }
                    }
                }
            }
            start = end;
        }
    }

    private boolean pairedBefore(int k, int a, int b, long[][] hashes, int[][] blockSizes) {
        for (int earlier = 0; earlier < k; earlier++) {
            if (hashes[earlier][a] != 0 && hashes[earlier][a] == hashes[earlier][b]
                    && blockSizes[earlier][a] <= options.maxBlock()) {
                return true;
            }
        }
        return false;
    }

    private static void keepBest(Link[] links, int a, int b, double probability) {
        keepBest(links, a, b, probability, "score");
    }

    private static void keepBest(Link[] links, int a, int b, double probability, String by) {
        if (links[a] == null || links[a].probability() < probability) {
            links[a] = new Link(b, probability, by);
        }
        if (links[b] == null || links[b].probability() < probability) {
            links[b] = new Link(a, probability, by);
        }
    }

    /** Candidate pairs as two ints packed in a long, in a growing array. */
    private static final class PairList {
        long[] packed = new long[1 << 16];
        int size;

        void add(int a, int b) {
            if (size == packed.length) {
                packed = Arrays.copyOf(packed, packed.length * 2);
            }
            packed[size++] = ((long) a << 32) | (b & 0xffffffffL);
        }

        int a(int i) {
            return (int) (packed[i] >>> 32);
        }

        int b(int i) {
            return (int) packed[i];
        }
    }

    /**
     * Groups that a shared identifier never joins across evidence against: a chain of links (a typo here, a
     * shared value there) must not carry one person into another's group.
     */
    private static final class UnionFind {
        /** Above this many pairs to check, two groups are not joined: groups that large are suspect already. */
        private static final int MAX_CHECKS = 10_000;
        private final int[] parent;
        private final List<Person> people;
        private final Map<Integer, List<Integer>> members = new HashMap<>();

        UnionFind(List<Person> people) {
            this.people = people;
            parent = IntStream.range(0, people.size()).toArray();
        }

        int find(int x) {
            while (parent[x] != x) {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }
            return x;
        }

        /**
         * Whether a record of a's group and a record of b's are {@code apart}; groups too large to check are taken
         * to be (groups that large are suspect already).
         */
        boolean apart(int a, int b, BiPredicate<Person, Person> apart) {
            List<Integer> left = members.getOrDefault(find(a), List.of(find(a)));
            List<Integer> right = members.getOrDefault(find(b), List.of(find(b)));
            if ((long) left.size() * right.size() > MAX_CHECKS) {
                return true;
            }
            for (int x : left) {
                for (int y : right) {
                    if (apart.test(people.get(x), people.get(y))) {
                        return true;
                    }
                }
            }
            return false;
        }

        /**
         * Joins the two groups. Through a shared identifier, not when a record of one is clearly another person
         * than a record of the other: the identifier may be a household's. A score has weighed names and birth
         * dates already, and its pair was checked for strong evidence against; checking its whole groups too costs
         * Febrl's corrupted copies (another first name and birth date in one copy) more than it saves.
         */
        boolean union(int a, int b, boolean byIdentifier) {
            return union(a, b, byIdentifier ? BatchResolver::conflict : null);
        }

        /** Joins the two groups unless {@code apart} holds for a record of one and a record of the other. */
        boolean union(int a, int b, BiPredicate<Person, Person> apart) {
            int ra = find(a);
            int rb = find(b);
            if (ra == rb) {
                return true;
            }
            if (apart != null && apart(ra, rb, apart)) {
                return false;
            }
            List<Integer> left = members.getOrDefault(ra, List.of(ra));
            List<Integer> right = members.getOrDefault(rb, List.of(rb));
            int root = Math.min(ra, rb);
            // the smaller into the larger, so that a long chain of joins stays near-linear
            List<Integer> larger = left.size() >= right.size() ? left : right;
            List<Integer> joined = larger.size() > 1 ? larger : new ArrayList<>(larger);
            joined.addAll(larger == left ? right : left);
            members.remove(Math.max(ra, rb));
            members.put(root, joined);
            parent[Math.max(ra, rb)] = root;
            return true;
        }
    }
}
