package io.footbridge.demo.chain;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The chain's customers, made up front from the seed: who they are, their home store, from which month the chain
 * knows them, how often they come, and the hard cases (a household sharing one phone).
 */
final class Customers {

    /** One person; {@code joins} is the month from which they give an identifier at the till. */
    record Person(int n, String firstName, String lastName, String email, String phone, String loyaltyId,
                  int home, int joins, double frequency, boolean member, boolean emailOptIn, boolean withdraws) {
    }

    final List<Person> people;
    /** Per store, its people ordered by the month they join, and where each month's joiners end. */
    final List<List<Person>> byStore = new ArrayList<>();
    final int[][] knownUpTo;

    Customers(SplittableRandom random, int count, List<Chain.Shop> shops, int months, double[] share) {
        people = new ArrayList<>(count);
        double[] cumulative = new double[months];
        double sum = 0;
        for (int m = 0; m < months; m++) {
            // the newly known each month follow the rise in known sales, and some join in every month
            sum += m == 0 ? share[0] : Math.max(share[m] - share[m - 1], 0) + share[m] * 0.25;
            cumulative[m] = sum;
        }
        double[] shopWeights = shops.stream().mapToDouble(Chain.Shop::size).toArray();
        Person previous = null;
        for (int n = 0; n < count; n++) {
            String first = Chain.FIRST_NAMES.get(random.nextInt(Chain.FIRST_NAMES.size()));
            String last = Chain.LAST_NAMES.get(random.nextInt(Chain.LAST_NAMES.size()));
            int home = pick(random, shopWeights);
            Chain.Shop shop = shops.get(home);
            double r = random.nextDouble() * sum;
            int joins = 0;
            while (joins < months - 1 && cumulative[joins] < r) {
                joins++;
            }
            String email = ascii(first) + "." + ascii(last) + (n % 97) + "@"
                    + Chain.MAIL_DOMAINS.get(random.nextInt(Chain.MAIL_DOMAINS.size()));
            String phone = phone(random, shop);
            // one in twenty shares the phone of the person before, in the same household
            if (previous != null && previous.home() == home && random.nextDouble() < 0.05) {
                phone = previous.phone();
                last = previous.lastName();
            }
            boolean member = random.nextDouble() < 0.45;
            boolean optIn = random.nextDouble() < 0.55;
            Person person = new Person(n, first, last, email, phone, member ? String.format("LL%08d", 10_000_000 + n)
                    : null, home, joins, 0.15 + Math.pow(random.nextDouble(), 2.5) * 0.85, member, optIn,
                    optIn && random.nextDouble() < 0.08);
            people.add(person);
            previous = person;
        }
        knownUpTo = new int[shops.size()][months];
        for (int s = 0; s < shops.size(); s++) {
            int store = s;
            List<Person> mine = new ArrayList<>(people.stream().filter(p -> p.home() == store).toList());
            mine.sort(java.util.Comparator.comparingInt(Person::joins).thenComparingInt(Person::n));
            byStore.add(mine);
            int at = 0;
            for (int m = 0; m < months; m++) {
                while (at < mine.size() && mine.get(at).joins() <= m) {
                    at++;
                }
                knownUpTo[s][m] = at;
            }
        }
    }

    /** A known customer of the store in that month, regulars more often than the occasional ones. */
    Person regular(SplittableRandom random, int store, int month) {
        int known = knownUpTo[store][month];
        if (known == 0) {
            return null;
        }
        List<Person> mine = byStore.get(store);
        for (int tries = 0; tries < 8; tries++) {
            Person p = mine.get(random.nextInt(known));
            if (random.nextDouble() < p.frequency()) {
                return p;
            }
        }
        return mine.get(random.nextInt(known));
    }

    static int pick(SplittableRandom random, double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double r = random.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            r -= weights[i];
            if (r < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    private static String phone(SplittableRandom random, Chain.Shop shop) {
        StringBuilder number = new StringBuilder(shop.phonePrefix());
        number.append(2 + random.nextInt(8));
        for (int i = 1; i < shop.phoneDigits(); i++) {
            number.append(random.nextInt(10));
        }
        return number.toString();
    }

    static String ascii(String name) {
        return Normalizer.normalize(name, Normalizer.Form.NFD).replaceAll("[^A-Za-z]", "").toLowerCase(Locale.ROOT);
    }
}
