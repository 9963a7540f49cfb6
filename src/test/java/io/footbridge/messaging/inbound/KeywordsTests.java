package io.footbridge.messaging.inbound;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KeywordsTests {

    @Test
    void theWholeMessageIsTheKeywordWhateverItsCaseSpacesOrFinalStop() {
        assertThat(keyword("STOP")).isEqualTo(Keywords.Keyword.STOP);
        assertThat(keyword("  stop \n")).isEqualTo(Keywords.Keyword.STOP);
        assertThat(keyword("Stop.")).isEqualTo(Keywords.Keyword.STOP);
        assertThat(keyword("Stopp!")).isEqualTo(Keywords.Keyword.STOP);
        assertThat(keyword("arrêt")).isEqualTo(Keywords.Keyword.STOP);
        // the same word with its accent as a separate combining character
        assertThat(keyword("arre\u0302t")).isEqualTo(Keywords.Keyword.STOP);
        assertThat(keyword("Abmelden")).isEqualTo(Keywords.Keyword.STOP);
        assertThat(keyword("unstop")).isEqualTo(Keywords.Keyword.START);
        assertThat(keyword("Hilfe")).isEqualTo(Keywords.Keyword.HELP);
    }

    @Test
    void aKeywordInsideASentenceIsAnOrdinaryMessage() {
        assertThat(Keywords.match("please stop by tomorrow")).isEmpty();
        assertThat(Keywords.match("STOP IT")).isEmpty();
        assertThat(Keywords.match("")).isEmpty();
        assertThat(Keywords.match(null)).isEmpty();
    }

    @Test
    void yesIsOnlyAKeywordForSomeoneWhoOptedOut() {
        assertThat(Keywords.match("yes").orElseThrow().onlyWhenWithdrawn()).isTrue();
        assertThat(Keywords.match("start").orElseThrow().onlyWhenWithdrawn()).isFalse();
    }

    private static Keywords.Keyword keyword(String text) {
        return Keywords.match(text).orElseThrow(() -> new AssertionError(text)).keyword();
    }
}
