package io.footbridge.identity.matching;

/**
 * One input record, normalised for matching: names and address lower-case with single spaces, birth date as
 * {@code yyyyMMdd}, identifiers as the identity module compares them (null when missing or unusable).
 */
record Person(String recordId, String source, String firstName, String lastName, String email, String phone,
              String loyaltyId, String birthDate, String street, String city, String postcode, String truth) {
}
