package io.footbridge.demo.chain;

import io.footbridge.platform.OpeningHours;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;

/**
 * The fictional chain: Larch &amp; Linden, outdoor clothing and home goods, with stores in six countries, a
 * catalogue, and the names its customers have. Nothing here is a real person or place of business.
 */
final class Chain {

    static final String NAME = "Larch & Linden (demo)";
    /** The chain's colour on its buttons and links: 7:1 on white. */
    static final String GREEN = "#2f5d3a";

    /** The consent texts the chain's tills, Wi-Fi portal and club sign-up show, by the version their ticks name. */
    record Wording(String version, String channel, String text) {
    }

    static final List<Wording> WORDINGS = List.of(
            new Wording("till-2025", "email", "Yes, send me offers and news from Larch & Linden by e-mail. I can"
                    + " unsubscribe at any time."),
            new Wording("wifi-2025", "email", "Send me Larch & Linden's newsletter by e-mail (optional). I can"
                    + " unsubscribe at any time."),
            new Wording("club-2025", null, "Yes, the Linden Club may send me club messages by e-mail and SMS:"
                    + " points about to lapse, my birthday bonus and members' offers. I can withdraw this at any"
                    + " time."));

    /**
     * A store with its opening hours, Monday first ({@code {10, 20}}: 10:00 to 20:00; null: closed), its sales tax
     * (included in prices, or added at the till as in the US) and how busy it is against the others.
     */
    record Shop(String code, String name, String street, String postcode, String city, String country,
                String zone, String currency, double latitude, double longitude, int[][] hours, double taxRate,
                boolean taxIncluded, double size, String phonePrefix, int phoneDigits) {

        int[] hoursOn(DayOfWeek day) {
            return hours[day.getValue() - 1];
        }

        /** The hours as the stores API keeps them. */
        List<OpeningHours> openingHours() {
            List<OpeningHours> intervals = new ArrayList<>();
            for (DayOfWeek day : DayOfWeek.values()) {
                int[] open = hoursOn(day);
                if (open != null) {
                    intervals.add(new OpeningHours(day, LocalTime.of(open[0], 0), LocalTime.of(open[1], 0)));
                }
            }
            return intervals;
        }
    }

    private static final int[] TEN_TO_EIGHT = {10, 20};
    private static final int[][] GERMAN = {TEN_TO_EIGHT, TEN_TO_EIGHT, TEN_TO_EIGHT, TEN_TO_EIGHT, TEN_TO_EIGHT,
            {10, 20}, null};
    private static final int[][] AUSTRIAN = {{10, 19}, {10, 19}, {10, 19}, {10, 19}, {10, 19}, {10, 18}, null};
    private static final int[][] DUTCH = {{11, 18}, {10, 18}, {10, 18}, {10, 21}, {10, 18}, {10, 18}, {12, 18}};
    private static final int[][] BRITISH = {{10, 20}, {10, 20}, {10, 20}, {10, 20}, {10, 20}, {10, 20}, {12, 18}};
    private static final int[][] AMERICAN = {{10, 21}, {10, 21}, {10, 21}, {10, 21}, {10, 21}, {10, 21}, {11, 19}};
    private static final int[][] SWISS = {{9, 19}, {9, 19}, {9, 19}, {9, 20}, {9, 19}, {9, 18}, null};

    /** The stores in the order a chain of n opens them: the first n are used. */
    static final List<Shop> STORES = List.of(
            new Shop("BER-MITTE", "Berlin Mitte", "Rosenthaler Straße 40", "10178", "Berlin", "DE",
                    "Europe/Berlin", "EUR", 52.5265, 13.4020, GERMAN, 0.19, true, 1.4, "+49151", 8),
            new Shop("LON-COVENT", "London Covent Garden", "12 Floral Street", "WC2E 9DH", "London", "GB",
                    "Europe/London", "GBP", 51.5124, -0.1240, BRITISH, 0.20, true, 1.3, "+447911", 6),
            new Shop("NYC-SOHO", "New York SoHo", "120 Prince Street", "10012", "New York", "US",
                    "America/New_York", "USD", 40.7252, -73.9990, AMERICAN, 0.08875, false, 1.2, "+1212", 7),
            new Shop("AMS-JORDAAN", "Amsterdam Jordaan", "Westerstraat 88", "1015 MN", "Amsterdam", "NL",
                    "Europe/Amsterdam", "EUR", 52.3780, 4.8840, DUTCH, 0.21, true, 0.9, "+316", 8),
            new Shop("MUC-GLOCKENBACH", "München Glockenbach", "Müllerstraße 21", "80469", "München", "DE",
                    "Europe/Berlin", "EUR", 48.1310, 11.5700, GERMAN, 0.19, true, 1.0, "+49160", 8),
            new Shop("VIE-NEUBAU", "Wien Neubau", "Neubaugasse 25", "1070", "Wien", "AT",
                    "Europe/Vienna", "EUR", 48.2010, 16.3490, AUSTRIAN, 0.20, true, 0.8, "+43664", 7),
            new Shop("ZRH-KREIS4", "Zürich Kreis 4", "Langstrasse 60", "8004", "Zürich", "CH",
                    "Europe/Zurich", "CHF", 47.3780, 8.5290, SWISS, 0.081, true, 0.8, "+4179", 7),
            new Shop("SFO-MISSION", "San Francisco Mission", "800 Valencia Street", "94110", "San Francisco", "US",
                    "America/Los_Angeles", "USD", 37.7590, -122.4210, AMERICAN, 0.08625, false, 0.9, "+1415", 7),
            new Shop("HAM-SCHANZE", "Hamburg Schanze", "Schulterblatt 70", "20357", "Hamburg", "DE",
                    "Europe/Berlin", "EUR", 53.5630, 9.9630, GERMAN, 0.19, true, 0.9, "+49170", 8),
            new Shop("MAN-NQ", "Manchester Northern Quarter", "25 Oldham Street", "M1 1JG", "Manchester", "GB",
                    "Europe/London", "GBP", 53.4830, -2.2340, BRITISH, 0.20, true, 0.7, "+447824", 6));

    /** A product with its price in euro cents and how often it sells against the others. */
    record Item(String sku, String name, String category, long priceEur, double popularity) {
    }

    static final List<Item> CATALOGUE = List.of(
            new Item("OW-100", "Fjell rain jacket", "Outerwear", 18900, 1.0),
            new Item("OW-110", "Linden wool coat", "Outerwear", 29900, 0.5),
            new Item("OW-120", "Packable down vest", "Outerwear", 12900, 0.9),
            new Item("OW-130", "Waxed cotton jacket", "Outerwear", 22900, 0.6),
            new Item("KN-200", "Merino crew sweater", "Knitwear", 8900, 1.4),
            new Item("KN-210", "Chunky cardigan", "Knitwear", 10900, 0.8),
            new Item("KN-220", "Alpaca beanie", "Knitwear", 3500, 1.6),
            new Item("FW-300", "Trail runner", "Footwear", 13900, 1.1),
            new Item("FW-310", "Leather hiking boot", "Footwear", 18900, 0.7),
            new Item("FW-320", "Wool house slipper", "Footwear", 5900, 0.9),
            new Item("BG-400", "Canvas daypack 20 l", "Bags", 9900, 1.0),
            new Item("BG-410", "Roll-top weekender", "Bags", 14900, 0.5),
            new Item("BG-420", "Linen tote", "Bags", 2900, 1.8),
            new Item("HM-500", "Linen bed set", "Home", 12900, 0.6),
            new Item("HM-510", "Wool throw", "Home", 8900, 0.9),
            new Item("HM-520", "Beeswax candle", "Home", 1900, 2.0),
            new Item("HM-530", "Stoneware vase", "Home", 3900, 0.9),
            new Item("KT-600", "Enamel camp mug", "Kitchen", 1900, 1.9),
            new Item("KT-610", "Pour-over coffee set", "Kitchen", 4900, 0.8),
            new Item("KT-620", "Cast iron skillet", "Kitchen", 5900, 0.7),
            new Item("KT-630", "Olive wood board", "Kitchen", 3400, 1.0),
            new Item("AC-700", "Wool socks, 2 pairs", "Accessories", 2400, 2.2),
            new Item("AC-710", "Leather gloves", "Accessories", 6900, 0.7),
            new Item("AC-720", "Insulated bottle", "Accessories", 3200, 1.5),
            new Item("CR-800", "Wax proofing bar", "Care", 1200, 1.2),
            new Item("CR-810", "Wool wash", "Care", 990, 1.3),
            new Item("CR-820", "Boot care kit", "Care", 2900, 0.8));

    /** What goes with what in a basket: a second item is often from the related category. */
    static String related(String category) {
        return switch (category) {
            case "Outerwear" -> "Knitwear";
            case "Knitwear", "Footwear" -> "Accessories";
            case "Bags", "Accessories" -> "Care";
            case "Home" -> "Kitchen";
            case "Kitchen" -> "Home";
            default -> "Accessories";
        };
    }

    /** How much more a month of the year sells than an average one (the winter season and Christmas). */
    static final double[] SEASON = {0.75, 0.65, 0.8, 0.9, 0.95, 0.85, 0.8, 0.8, 0.95, 1.05, 1.3, 1.75};

    /** How much more a weekday sells, Monday first. */
    static final double[] WEEKDAY = {0.75, 0.8, 0.85, 0.95, 1.15, 1.5, 0.9};

    static final List<String> FIRST_NAMES = List.of("Anna", "Ben", "Clara", "David", "Elif", "Finn", "Greta",
            "Hannah", "Ismail", "Jana", "Karim", "Lena", "Mats", "Nora", "Oscar", "Paula", "Quentin", "Rosa",
            "Sven", "Tara", "Umut", "Vera", "Wim", "Xenia", "Yusuf", "Zoe", "Amelia", "Oliver", "Isla", "Noah",
            "Maya", "Liam", "Emma", "Lucas", "Sofia", "Mateo", "Chloe", "Jonas", "Lotte", "Daan", "Sanne", "Luca",
            "Mia", "Elias", "Leonie", "Jack", "Grace", "Ethan", "Aisha", "Priya");

    static final List<String> LAST_NAMES = List.of("Müller", "Schmidt", "Schneider", "Fischer", "Weber",
            "Meyer", "Wagner", "Becker", "Hoffmann", "Schulz", "Smith", "Jones", "Taylor", "Brown", "Williams",
            "Wilson", "Johnson", "Davies", "Patel", "Khan", "de Jong", "Jansen", "de Vries", "van den Berg",
            "Bakker", "Gruber", "Huber", "Bauer", "Steiner", "Moser", "Garcia", "Martinez", "Nguyen", "Kim",
            "Chen", "Rossi", "Keller", "Meier", "Brunner", "Yilmaz", "Kaya", "Novak", "Lindqvist", "Okafor",
            "Costa", "Dubois", "Moreau", "Kowalski", "Olsen", "Andersen");

    static final List<String> MAIL_DOMAINS = List.of("example.com", "example.net", "example.org");

    private Chain() {
    }
}
