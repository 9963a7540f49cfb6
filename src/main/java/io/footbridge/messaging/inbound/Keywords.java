package io.footbridge.messaging.inbound;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The words that change what a person receives when they are the whole message: opt out, opt back in, ask for
 * help. Case and surrounding spaces do not matter, nor a full stop or exclamation mark after the word; a keyword
 * inside a sentence ("please stop by tomorrow") is an ordinary message.
 */
final class Keywords {

    enum Keyword {
        STOP, START, HELP;

        String value() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The keyword and the word as the person wrote it (upper case), for the ledger's evidence. */
    record Match(Keyword keyword, String word) {

        /** YES is only a keyword for someone who opted out: otherwise it answers a question in a conversation. */
        boolean onlyWhenWithdrawn() {
            return "YES".equals(word);
        }
    }

    private static final Map<Keyword, Set<String>> WORDS = Map.of(
            // the carriers' list (CTIA) and Twilio's, then German, French, Spanish, Italian, Dutch
            Keyword.STOP, Set.of("STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "OPTOUT", "REVOKE",
                    "STOPP", "ABMELDEN", "ARRET", "ARRÊT", "DESABONNER", "DÉSABONNER", "BAJA", "PARAR", "ANNULLA",
                    "AFMELDEN", "STOPPEN", "UITSCHRIJVEN"),
            Keyword.START, Set.of("START", "UNSTOP", "YES", "OPTIN", "ANMELDEN"),
            Keyword.HELP, Set.of("HELP", "INFO", "HILFE", "AIDE", "AYUDA", "AIUTO", "HULP"));

    private Keywords() {
    }

    static Optional<Match> match(String text) {
        if (text == null || text.length() > 40) {
            return Optional.empty();
        }
        String word = Normalizer.normalize(text, Normalizer.Form.NFC).strip().replaceAll("[.!]+$", "").strip()
                .toUpperCase(Locale.ROOT);
        for (Map.Entry<Keyword, Set<String>> entry : WORDS.entrySet()) {
            if (entry.getValue().contains(word)) {
                return Optional.of(new Match(entry.getKey(), word));
            }
        }
        return Optional.empty();
    }
}
