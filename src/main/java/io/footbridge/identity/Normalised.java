package io.footbridge.identity;

/**
 * An identifier as given and as Footbridge compares it. {@code problem} says why it cannot be used for linking
 * (then {@code value} is null); the original is kept either way.
 */
public record Normalised(IdentifierType type, String original, String value, String problem) {

    static Normalised valid(IdentifierType type, String original, String value) {
        return new Normalised(type, original, value, null);
    }

    static Normalised invalid(IdentifierType type, String original, String problem) {
        return new Normalised(type, original, null, problem);
    }

    public boolean usable() {
        return value != null;
    }
}
