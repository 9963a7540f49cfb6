package io.footbridge.identity.matching;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Customer records shaped like an O2O tenant's, with the traps that make a resolver merge two people: namesakes
 * (common names drawn Zipf-like), households sharing surname, address, a landline and sometimes a family e-mail,
 * numbers till staff type for customers who give none, nicknames, typos, phone and e-mail written several ways,
 * and records that carry only a phone or only an e-mail. The same seed gives the same file.
 *
 * <p>Columns: those of {@code resolve} plus {@code person}, the true person of the record.
 */
final class HouseholdGenerator {

    static final String HEADER = "record_id,person,source,first_name,last_name,email,phone,country,birth_date,street,"
            + "city,postcode";

    /** Given names with the short forms people give at a till. */
    private static final String[][] FIRST = {
            {"Alexander", "Alex"}, {"Andreas", "Andi"}, {"Anna"}, {"Christian", "Chris"}, {"Daniel", "Dani"},
            {"Elisabeth", "Lisa", "Elli"}, {"Emma"}, {"Felix"}, {"Hannah"}, {"Johannes", "Hannes"}, {"Julia", "Jule"},
            {"Katharina", "Kathi", "Katja"}, {"Laura"}, {"Lena"}, {"Lukas"}, {"Maria"}, {"Markus"},
            {"Matthias", "Matze"}, {"Michael", "Michi"}, {"Nicole", "Niki"}, {"Paul"}, {"Peter"}, {"Robert", "Rob"},
            {"Sabine", "Bine"}, {"Sandra"}, {"Sarah"}, {"Sebastian", "Basti"}, {"Stefan", "Steffen"}, {"Susanne", "Susi"},
            {"Thomas", "Tom"}, {"Tobias", "Tobi"}, {"Ursula", "Uschi"}, {"Wolfgang", "Wolf"}, {"Jonas"}, {"Leon"},
            {"Mia"}, {"Sophie"}, {"Marie"}, {"Ben"}, {"Finn"}, {"Noah"}, {"Emilia"}, {"Clara"}, {"Jan"}, {"Tim"},
            {"Frank"}, {"Jürgen"}, {"Monika"}, {"Petra"}, {"Gabriele", "Gabi"}, {"Birgit"}, {"Heike"}, {"Karin"},
            {"Uwe"}, {"Dieter"}, {"Manfred", "Manni"}, {"Klaus"}, {"Helga"}, {"Renate"}, {"Ingrid"}, {"Werner"},
            {"Hans"}, {"Günter"}, {"Jens"}, {"Kai"}, {"Nils"}, {"Ole"}, {"Lea"}, {"Lara"}, {"Nina"}, {"Jana"},
            {"Vanessa"}, {"Jennifer", "Jenny"}, {"Patrick"}, {"Dennis"}, {"Florian", "Flo"}, {"Philipp"},
            {"Dominik"}, {"Simon"}, {"David"}, {"Moritz"}, {"Max"}, {"Ella"}, {"Ida"}, {"Paula"}, {"Greta"}};
    private static final String[] LAST = {"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner",
            "Becker", "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder",
            "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt",
            "Werner", "Schmitz", "Krause", "Meier", "Lehmann", "Schmid", "Schulze", "Maier", "Köhler", "Herrmann",
            "König", "Walter", "Mayer", "Huber", "Kaiser", "Fuchs", "Peters", "Lang", "Scholz", "Möller", "Weiß",
            "Jung", "Hahn", "Schubert", "Vogel", "Friedrich", "Keller", "Günther", "Frank", "Berger", "Winkler",
            "Roth", "Beck", "Lorenz", "Baumann", "Franke", "Albrecht", "Schuster", "Simon", "Ludwig", "Böhm",
            "Winter", "Kraus", "Martin", "Schumacher", "Krämer", "Vogt", "Stein", "Jäger", "Otto", "Sommer", "Groß",
            "Seidel", "Heinrich", "Brandt", "Haas", "Schreiber", "Graf", "Schulte", "Dietrich", "Ziegler", "Kuhn",
            "Kühn", "Pohl", "Engel", "Horn", "Busch", "Bergmann", "Thomas", "Voigt", "Sauer", "Arnold", "Wolff",
            "Pfeiffer", "Yilmaz", "Kaya", "Nowak", "Kowalski", "Öztürk", "Popescu", "Nguyen", "Rossi", "Ivanov",
            "Petrović", "Demir", "Şahin", "Weber-Lang", "Ahmadi", "Hussein", "Novak", "Horváth", "Jensen", "Larsen"};
    private static final String[] STREETS = {"Hauptstraße", "Schulstraße", "Gartenstraße", "Bahnhofstraße",
            "Dorfstraße", "Bergstraße", "Birkenweg", "Lindenstraße", "Kirchstraße", "Waldstraße", "Ringstraße",
            "Schillerstraße", "Goethestraße", "Friedhofstraße", "Jahnstraße", "Mühlenweg", "Rosenstraße",
            "Amselweg", "Buchenweg", "Wiesenweg"};
    private static final String[] CITIES = {"Berlin", "Hamburg", "München", "Köln", "Leipzig", "Potsdam"};
    private static final String[] DOMAINS = {"gmail.com", "web.de", "gmx.de", "t-online.de", "outlook.com",
            "posteo.de"};
    private static final String[] SOURCES = {"pos", "wifi", "loyalty", "event", "qr", "crm"};

    private record Home(String lastName, String street, String city, String postcode, String landline,
                        String familyEmail) {
    }

    private record Individual(int id, int first, String lastName, String birthDate, String mobile, String email,
                              Home home) {
    }

    private final Random random;
    /** An e-mail address is one person's, however common the name. */
    private final java.util.Set<String> emails = new java.util.HashSet<>();

    private HouseholdGenerator(long seed) {
        this.random = new Random(seed);
    }

    /** About 2.85 records per person, as in a tenant's first year. */
    static void write(Path file, int people, long seed) throws IOException {
        new HouseholdGenerator(seed).generate(file, people);
    }

    private void generate(Path file, int count) throws IOException {
        List<Individual> people = people(count);
        // numbers staff type for customers who give none: the store's own, 0123456789, a colleague's mobile
        String[] junk = {"+493012345678", "+4915100000000", "+493099999999", "+4917612345678"};
        int record = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(HEADER + "\n");
            for (Individual p : people) {
                int records = 1 + poisson(1.85);
                for (int r = 0; r < records; r++) {
                    String source = SOURCES[random.nextInt(SOURCES.length)];
                    String[] row = row(p, source, junk);
                    if (source.equals("wifi") && row[2].isEmpty() && row[3].isEmpty()) {
                        // no e-mail and no mobile to send the login code to: no Wi-Fi login, no record
                        continue;
                    }
                    out.write("r" + record++ + "," + p.id() + "," + source + "," + String.join(",", row) + "\n");
                }
            }
        }
    }

    private List<Individual> people(int count) {
        List<Individual> people = new ArrayList<>(count);
        while (people.size() < count) {
            // 45 % of people live with others who shop at the same stores
            int size = random.nextDouble() < 0.55 ? 1 : 2 + random.nextInt(4);
            String lastName = LAST[zipf(LAST.length)];
            String city = CITIES[random.nextInt(CITIES.length)];
            String postcode = String.format(Locale.ROOT, "%05d", 10000 + random.nextInt(300) * 37);
            String street = STREETS[zipf(STREETS.length)] + " " + (1 + random.nextInt(120));
            String landline = size > 1 && random.nextDouble() < 0.7 ? "+4930" + digits(8) : null;
            String familyEmail = size > 1 && random.nextDouble() < 0.25
                    ? "familie." + ascii(lastName) + digits(3) + "@" + DOMAINS[random.nextInt(DOMAINS.length)] : null;
            if (familyEmail != null && !emails.add(familyEmail)) {
                familyEmail = null;
            }
            Home home = new Home(lastName, street, city, postcode, landline, familyEmail);
            int parentYear = 1950 + random.nextInt(40);
            java.util.Set<Integer> given = new java.util.HashSet<>();
            for (int member = 0; member < size && people.size() < count; member++) {
                int year = member < 2 ? parentYear + random.nextInt(5) - 2 : parentYear + 22 + random.nextInt(12);
                int first = zipf(FIRST.length);
                while (!given.add(first)) {
                    // siblings are not given one name
                    first = zipf(FIRST.length);
                }
                String birthDate = String.format(Locale.ROOT, "%04d-%02d-%02d", year, 1 + random.nextInt(12),
                        1 + random.nextInt(28));
                String mobile = random.nextDouble() < 0.75 ? "+49" + (random.nextBoolean() ? "151" : "176")
                        + digits(8) : null;
                String email = null;
                if (random.nextDouble() < 0.7) {
                    String domain = "@" + DOMAINS[random.nextInt(DOMAINS.length)];
                    String local = ascii(FIRST[first][0]) + "." + ascii(lastName);
                    email = local + domain;
                    while (!emails.add(email)) {
                        email = local + digits(2 + random.nextInt(2)) + domain;
                    }
                }
                people.add(new Individual(people.size(), first, lastName, birthDate, mobile, email, home));
            }
        }
        return people;
    }

    /** first_name, last_name, email, phone, country, birth_date, street, city, postcode */
    private String[] row(Individual p, String source, String[] junk) {
        String first = firstName(p);
        String last = maybeTypo(p.lastName());
        String email = email(p);
        String phone = phone(p, source, junk);
        String birth = random.nextDouble() < 0.03 ? oneDigitOff(p.birthDate()) : p.birthDate();
        Home h = p.home();
        String street = random.nextDouble() < 0.05 ? maybeTypo(h.street().replace("straße", "str.")) : h.street();
        return switch (source) {
            // the till: a name and a phone, sometimes only a phone
            case "pos" -> random.nextDouble() < 0.3
                    ? row(null, null, null, phone, null, null, null, null)
                    : row(first, last, null, phone, null, null, null, null);
            // Wi-Fi: an e-mail, or the mobile the login code is texted to, and nothing else
            case "wifi" -> email != null && (p.mobile() == null || random.nextBoolean())
                    ? row(null, null, email, null, null, null, null, null)
                    : row(null, null, null, p.mobile() == null ? null : format(p.mobile()), null, null, null, null);
            case "loyalty" -> row(first, last, email, phone, birth, street, h.city(), h.postcode());
            case "event" -> row(first, last, email, null, null, null, null, null);
            case "qr" -> row(first, last, email, null, random.nextBoolean() ? birth : null, null, null,
                    h.postcode());
            // the legacy CRM: name, birth date and address, a phone written its own way
            default -> row(first, last, null, phone, birth, street, h.city(), h.postcode());
        };
    }

    private static String[] row(String first, String last, String email, String phone, String birth, String street,
                                String city, String postcode) {
        return new String[]{csv(first), csv(last), csv(email), csv(phone), "DE", csv(birth), csv(street), csv(city),
                csv(postcode)};
    }

    private String firstName(Individual p) {
        String[] forms = FIRST[p.first()];
        double roll = random.nextDouble();
        if (forms.length > 1 && roll < 0.25) {
            return forms[1 + random.nextInt(forms.length - 1)];
        }
        if (roll < 0.3) {
            return forms[0].substring(0, 1) + ".";
        }
        return maybeTypo(forms[0]);
    }

    private String email(Individual p) {
        String email = p.email();
        if (p.home().familyEmail() != null && (email == null || random.nextDouble() < 0.4)) {
            email = p.home().familyEmail();
        }
        if (email == null) {
            return null;
        }
        return random.nextDouble() < 0.2 ? email.toUpperCase(Locale.ROOT) : email;
    }

    private String phone(Individual p, String source, String[] junk) {
        if (source.equals("pos") && random.nextDouble() < 0.08) {
            return format(junk[random.nextInt(junk.length)]);
        }
        String phone = p.mobile();
        if (p.home().landline() != null && (phone == null || random.nextDouble() < 0.25)) {
            phone = p.home().landline();
        }
        return phone == null ? null : format(phone);
    }

    /** The ways one German number is written: +49 30 1234 5678, 030/12345678, 0049301234… */
    private String format(String e164) {
        String national = "0" + e164.substring(3);
        return switch (random.nextInt(4)) {
            case 0 -> e164;
            case 1 -> "+49 " + e164.substring(3, 6) + " " + e164.substring(6);
            case 2 -> national.substring(0, 4) + "/" + national.substring(4);
            default -> "0049" + e164.substring(3);
        };
    }

    private String maybeTypo(String text) {
        if (text.length() < 4 || random.nextDouble() >= 0.08) {
            return text;
        }
        int at = 1 + random.nextInt(text.length() - 2);
        return switch (random.nextInt(3)) {
            case 0 -> text.substring(0, at) + text.substring(at + 1);
            case 1 -> text.substring(0, at) + (char) ('a' + random.nextInt(26)) + text.substring(at + 1);
            default -> text.substring(0, at) + text.charAt(at + 1) + text.charAt(at) + text.substring(at + 2);
        };
    }

    private String oneDigitOff(String date) {
        int at = 8 + random.nextInt(2);
        char digit = (char) ('0' + random.nextInt(10));
        String changed = date.substring(0, at) + digit + date.substring(at + 1);
        return changed.matches("\\d{4}-\\d{2}-(0[1-9]|[12]\\d)") ? changed : date;
    }

    /** Rank drawn with weight 1/rank: a few names are very common, so namesakes are many. */
    private int zipf(int n) {
        double harmonic = 0;
        for (int i = 1; i <= n; i++) {
            harmonic += 1.0 / i;
        }
        double target = random.nextDouble() * harmonic;
        for (int i = 1; i <= n; i++) {
            target -= 1.0 / i;
            if (target <= 0) {
                return i - 1;
            }
        }
        return n - 1;
    }

    private int poisson(double mean) {
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int k = 0;
        while (product > limit) {
            product *= random.nextDouble();
            k++;
        }
        return k;
    }

    private String digits(int n) {
        StringBuilder digits = new StringBuilder();
        digits.append((char) ('1' + random.nextInt(9)));
        for (int i = 1; i < n; i++) {
            digits.append((char) ('0' + random.nextInt(10)));
        }
        return digits.toString();
    }

    private static String ascii(String name) {
        return name.toLowerCase(Locale.ROOT).replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
                .replace("ß", "ss").replace("ş", "s").replace("ć", "c").replace("á", "a").replace(" ", "")
                .replace("-", "");
    }

    private static String csv(String value) {
        return value == null ? "" : value;
    }
}
