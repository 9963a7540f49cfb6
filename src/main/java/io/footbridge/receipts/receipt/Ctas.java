package io.footbridge.receipts.receipt;

import java.util.List;

/** The calls to action a receipt can carry, by the names the API, the links and the events use. */
final class Ctas {

    static final String SHOP = "shop";
    static final String REWARD = "reward";
    static final String SURVEY = "survey";
    static final String CLUB = "club";
    static final List<String> ALL = List.of(SHOP, REWARD, SURVEY, CLUB);

    private Ctas() {
    }
}
