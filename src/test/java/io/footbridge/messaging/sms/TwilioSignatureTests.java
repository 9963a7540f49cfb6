package io.footbridge.messaging.sms;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class TwilioSignatureTests {

    /** The example of Twilio's own documentation on validating requests. */
    private static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
    private static final Map<String, List<String>> PARAMETERS = new LinkedHashMap<>(Map.of(
            "CallSid", List.of("CA1234567890ABCDE"), "Caller", List.of("+14158675310"), "Digits", List.of("1234"),
            "From", List.of("+14158675310"), "To", List.of("+18005551212")));

    @Test
    void matchesTwilioDocumentedExample() {
        assertThat(TwilioSignature.of("12345", URL, PARAMETERS)).isEqualTo("GvWf1cFY/Q7PnoempGyD5oXAezc=");
        assertThat(TwilioSignature.valid("12345", URL, PARAMETERS, "GvWf1cFY/Q7PnoempGyD5oXAezc=")).isTrue();
    }

    @Test
    void anyChangeToTheUrlTheParametersOrTheKeyBreaksIt() {
        String good = "GvWf1cFY/Q7PnoempGyD5oXAezc=";
        var changed = new LinkedHashMap<>(PARAMETERS);
        changed.put("Digits", List.of("1235"));
        assertThat(TwilioSignature.valid("12345", URL, changed, good)).isFalse();
        assertThat(TwilioSignature.valid("12345", URL.replace("https", "http"), PARAMETERS, good)).isFalse();
        assertThat(TwilioSignature.valid("12346", URL, PARAMETERS, good)).isFalse();
        assertThat(TwilioSignature.valid("12345", URL, PARAMETERS, null)).isFalse();
        assertThat(TwilioSignature.valid("12345", URL, PARAMETERS, "")).isFalse();
    }
}
