package io.footbridge.audiences.rule;

import io.footbridge.platform.Timestamps;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/**
 * Turns a rule into one SQL condition on a person {@code p} (a row of {@code segment_person}) over the segments'
 * projection tables, in SQL that H2 and PostgreSQL read alike. Relative windows are fixed at {@code now}.
 */
public final class RuleSql {

    /** The condition and its named parameters. */
    public record Condition(String sql, Map<String, Object> params) {
    }

    private static final String OWN = " e.tenant_id = p.tenant_id AND e.person_id = p.person_id";
    private final Instant now;
    private final Function<String, UUID> storeIds;
    private final Map<String, Object> params = new LinkedHashMap<>();

    private RuleSql(Instant now, Function<String, UUID> storeIds) {
        this.now = now;
        this.storeIds = storeIds;
    }

    /** {@code storeIds} gives a store code's id (checked when the rule was saved). */
    public static Condition compile(Rule rule, Instant now, Function<String, UUID> storeIds) {
        RuleSql sql = new RuleSql(now, storeIds);
        String condition = sql.condition(rule);
        return new Condition(condition, sql.params);
    }

    /** The tag that {@code name=value} becomes in {@code segment_event.tags}. */
    public static String tag(String name, String value) {
        return "|" + name + "=" + value.replace('|', '/') + "|";
    }

    private String condition(Rule rule) {
        if (rule instanceof Rule.All all) {
            return join(all.rules(), " AND ");
        }
        if (rule instanceof Rule.Any any) {
            return join(any.rules(), " OR ");
        }
        if (rule instanceof Rule.Not not) {
            return "NOT (" + condition(not.rule()) + ")";
        }
        if (rule instanceof Rule.Event event) {
            String count = "(SELECT COUNT(*) FROM segment_event e WHERE" + OWN
                    + events(event.type(), event.window(), event.store(), event.category(), event.property()) + ")";
            return event.max() == null ? count + " >= " + bind(event.min())
                    : count + " BETWEEN " + bind(event.min()) + " AND " + bind(event.max());
        }
        if (rule instanceof Rule.NoEvent none) {
            return "NOT EXISTS (SELECT 1 FROM segment_event e WHERE" + OWN
                    + events(none.type(), none.window(), none.store(), none.category(), null) + ")";
        }
        if (rule instanceof Rule.Spend spend) {
            String sum = "COALESCE((SELECT SUM(e.amount) FROM segment_event e WHERE" + OWN
                    + " AND e.amount IS NOT NULL AND e.currency = " + bind(spend.currency())
                    + window(spend.window()) + "), 0)";
            String min = spend.min() == null ? null : sum + " >= " + bind(spend.min());
            String max = spend.max() == null ? null : sum + " <= " + bind(spend.max());
            return min == null ? max : max == null ? min : "(" + min + " AND " + max + ")";
        }
        if (rule instanceof Rule.Consent consent) {
            return "EXISTS (SELECT 1 FROM segment_consent c WHERE c.tenant_id = p.tenant_id"
                    + " AND c.person_id = p.person_id AND c.channel = " + bind(consent.channel())
                    + " AND c.purpose = " + bind(consent.purpose()) + " AND c.granted = TRUE)";
        }
        if (rule instanceof Rule.Trait trait) {
            return trait(trait.name(), trait.op(), trait.values());
        }
        if (rule instanceof Rule.Identifier identifier) {
            return trait("identifier." + identifier.type(), "present", List.of());
        }
        if (rule instanceof Rule.Purchase purchase) {
            String when = "(SELECT " + (purchase.first() ? "MIN" : "MAX") + "(e.occurred_at) FROM segment_event e"
                    + " WHERE" + OWN + " AND e.type = 'pos.purchase')";
            String before = purchase.before() == null ? null
                    : when + " < " + bind(Timestamps.of(purchase.before().resolve(now)));
            String after = purchase.after() == null ? null
                    : when + " >= " + bind(Timestamps.of(purchase.after().resolve(now)));
            return before == null ? after : after == null ? before : "(" + before + " AND " + after + ")";
        }
        if (rule instanceof Rule.Rfm rfm) {
            StringBuilder sql = new StringBuilder("EXISTS (SELECT 1 FROM segment_rfm q WHERE q.tenant_id = p.tenant_id"
                    + " AND q.person_id = p.person_id");
            if (rfm.recency() != null) {
                sql.append(" AND q.recency IN (").append(bind(rfm.recency())).append(")");
            }
            if (rfm.frequency() != null) {
                sql.append(" AND q.frequency IN (").append(bind(rfm.frequency())).append(")");
            }
            if (rfm.monetary() != null) {
                sql.append(" AND q.monetary IN (").append(bind(rfm.monetary())).append(")");
            }
            return sql.append(")").toString();
        }
        if (rule instanceof Rule.Clv clv) {
            return "EXISTS (SELECT 1 FROM segment_lifetime l WHERE l.tenant_id = p.tenant_id"
                    + " AND l.person_id = p.person_id AND l.currency = " + bind(clv.currency())
                    + (clv.atLeast() == null ? "" : " AND l.clv >= " + bind(clv.atLeast()))
                    + (clv.atMost() == null ? "" : " AND l.clv <= " + bind(clv.atMost())) + ")";
        }
        if (rule instanceof Rule.ActiveProbability active) {
            // a person buying in two currencies has a probability from each fit: the higher one counts; HAVING keeps
            // people without values out (and in under "not"), as EXISTS does for the other conditions
            return "EXISTS (SELECT 1 FROM segment_lifetime l WHERE l.tenant_id = p.tenant_id"
                    + " AND l.person_id = p.person_id HAVING COUNT(*) > 0"
                    + (active.atLeast() == null ? "" : " AND MAX(l.active_probability) >= " + bind(active.atLeast()))
                    + (active.atMost() == null ? "" : " AND MAX(l.active_probability) <= " + bind(active.atMost()))
                    + ")";
        }
        if (rule instanceof Rule.LoyaltyTier tier) {
            return "EXISTS (SELECT 1 FROM segment_tier lt WHERE lt.tenant_id = p.tenant_id"
                    + " AND lt.person_id = p.person_id AND lt.tier IN (" + bind(tier.names()) + "))";
        }
        Rule.Member member = (Rule.Member) rule;
        return "EXISTS (SELECT 1 FROM segment_member m WHERE m.segment_id = " + bind(member.segmentId())
                + " AND m.person_id = p.person_id)";
    }

    private String events(String type, Rule.Window window, String store, String category, Rule.Property property) {
        StringBuilder sql = new StringBuilder(" AND e.type = ").append(bind(type)).append(window(window));
        if (store != null) {
            sql.append(" AND e.store_id = ").append(bind(storeIds.apply(store)));
        }
        if (category != null) {
            sql.append(" AND e.tags LIKE ").append(bind(like(tag("category", category)))).append(" ESCAPE '!'");
        }
        if (property != null) {
            sql.append(" AND e.tags LIKE ").append(bind(like(tag(property.name(), property.value()))))
                    .append(" ESCAPE '!'");
        }
        return sql.toString();
    }

    private String window(Rule.Window window) {
        Instant start = window.start(now);
        return start == null ? "" : " AND e.occurred_at >= " + bind(Timestamps.of(start));
    }

    private String trait(String name, String op, List<String> values) {
        String base = "SELECT 1 FROM segment_trait t WHERE t.tenant_id = p.tenant_id AND t.person_id = p.person_id"
                + " AND t.name = " + bind(name);
        return switch (op) {
            case "present" -> "EXISTS (" + base + ")";
            case "absent" -> "NOT EXISTS (" + base + ")";
            case "ne" -> "NOT EXISTS (" + base + " AND t.trait_value IN (" + bind(values) + "))";
            default -> "EXISTS (" + base + " AND t.trait_value IN (" + bind(values) + "))";
        };
    }

    private String join(List<Rule> rules, String operator) {
        StringBuilder sql = new StringBuilder("(");
        for (int i = 0; i < rules.size(); i++) {
            sql.append(i == 0 ? "" : operator).append(condition(rules.get(i)));
        }
        return sql.append(")").toString();
    }

    private String bind(Object value) {
        String name = "r" + params.size();
        params.put(name, value);
        return ":" + name;
    }

    private static String like(String text) {
        return "%" + text.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }
}
