package io.footbridge.identity;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class IdentifierNormaliserTests {

    private final IdentifierNormaliser normaliser = new IdentifierNormaliser();

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            email       | ' Lena.Fischer@GoogleMail.com ' | -  | lenafischer@gmail.com
            email       | lena.fischer+shop@gmail.com     | -  | lenafischer@gmail.com
            email       | Max.Mustermann+news@outlook.com | -  | max.mustermann@outlook.com
            email       | max.mustermann+news@web.de      | -  | max.mustermann+news@web.de
            email       | mailto:Info@Example.COM         | -  | info@example.com
            phone       | 030 1234567                     | DE | +49301234567
            phone       | +44 20 7946 0958                | DE | +442079460958
            phone       | (0171) 123-4567                 | de | +491711234567
            loyaltyId   | l-0001 7                        | -  | L00017
            deviceId    | 3F2504E0-4F89-11D3-9A0C-0305E82C3301 | - | 3f2504e0-4f89-11d3-9a0c-0305e82c3301
            birthDate   | 1985-04-12                      | -  | 1985-04-12
            """)
    void identifiersAreComparedInOneForm(String type, String raw, String country, String expected) {
        Normalised n = normaliser.normalise(IdentifierType.ofKey(type).orElseThrow(), raw, country);
        assertThat(n.problem()).isNull();
        assertThat(n.value()).isEqualTo(expected);
        assertThat(n.original()).isEqualTo(raw);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            email       | not-an-email      | -  | is not an email address
            email       | a@@b.com          | -  | is not an email address
            email       | a..b@example.com  | -  | is not an email address
            email       | +tag@gmail.com    | -  | is not an email address
            phone       | 030 1234567       | -  | has no country prefix (+…) and the store's country is not known
            phone       | 12                | DE | is not a valid phone number
            phone       | call me           | DE | is not a phone number
            loyaltyId   | L#1               | -  | may hold only letters, digits and . _ : / (spaces and dashes are ignored)
            deviceId    | undefined         | -  | is a placeholder, not an id
            deviceId    | 00000000-0000-0000-0000-000000000000 | - | is a placeholder, not an id
            birthDate   | 12/04/1985        | -  | is not a date such as 1985-04-12
            birthDate   | 2999-01-01        | -  | is not a plausible birth date
            """)
    void garbageGetsAReasonAndKeepsItsOriginal(String type, String raw, String country, String problem) {
        Normalised n = normaliser.normalise(IdentifierType.ofKey(type).orElseThrow(), raw, country);
        assertThat(n.usable()).isFalse();
        assertThat(n.problem()).isEqualTo(problem);
        assertThat(n.original()).isEqualTo(raw);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            phone | +49301234567              | true
            phone | +4915123456789            | false
            email | familie.becker@web.de     | true
            email | familiebecker@gmail.com   | true
            email | info@example.com          | true
            email | anna.becker@web.de        | false
            email | homer.simpson@web.de      | false
            """)
    void aLandlineOrAFamilyAddressIsAHouseholdsNotAPersons(String type, String value, boolean household) {
        assertThat(IdentifierNormaliser.household(IdentifierType.ofKey(type).orElseThrow(), value))
                .isEqualTo(household);
    }
}
