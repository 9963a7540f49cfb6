package io.footbridge.console.web;

import io.footbridge.console.HomeFigures;
import io.footbridge.platform.Actor;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The store and period picked in the console's header. A pick is remembered for the session, so every page shows
 * the same store and period until another is picked. The period's days end today on the store's clock (for all
 * stores, on the first store's).
 *
 * @param store    the picked store, or null for every store the caller works in
 * @param storeIds the stores to read (null: every store of the tenant)
 */
public record Picks(StoreRef store, String period, Set<UUID> storeIds, ZoneId zone, LocalDate first,
                    LocalDate last) {

    public static final List<String> PERIODS = List.of("7d", "30d", "90d");
    private static final String STORE = Picks.class.getName() + ".store";
    private static final String PERIOD = Picks.class.getName() + ".period";

    static Picks of(HttpServletRequest request, Actor actor, Stores stores, List<StoreRef> workingIn) {
        HttpSession session = request.getSession();
        String code = pick(request, session, "store", STORE, "");
        String period = pick(request, session, "period", PERIOD, "30d");
        if (!PERIODS.contains(period)) {
            session.removeAttribute(PERIOD);
            throw ProblemException.invalid("period", "must be one of " + String.join(", ", PERIODS));
        }
        StoreRef store = null;
        Set<UUID> storeIds;
        try {
            storeIds = stores.scope(actor, code.isEmpty() ? null : code);
        } catch (ProblemException refused) {
            session.removeAttribute(STORE);
            throw refused;
        }
        if (!code.isEmpty()) {
            store = stores.findByCode(actor.tenantId(), code).orElseThrow();
        }
        ZoneId zone = store != null ? store.timeZone()
                : workingIn.isEmpty() ? ZoneOffset.UTC : workingIn.get(0).timeZone();
        LocalDate last = LocalDate.now(zone);
        int days = Integer.parseInt(period.substring(0, period.length() - 1));
        return new Picks(store, period, storeIds, zone, last.minusDays(days - 1L), last);
    }

    private static String pick(HttpServletRequest request, HttpSession session, String parameter, String attribute,
                               String fallback) {
        String given = request.getParameter(parameter);
        if (given != null) {
            session.setAttribute(attribute, given.strip());
            return given.strip();
        }
        Object kept = session.getAttribute(attribute);
        return kept instanceof String value ? value : fallback;
    }

    public String storeCode() {
        return store == null ? "" : store.code();
    }

    public HomeFigures.Query query() {
        return new HomeFigures.Query(storeIds, first, last, zone);
    }
}
