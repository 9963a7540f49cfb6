package io.footbridge.console.web;

import java.util.List;

/**
 * The console's sections, in the order the navigation shows them. A section's pages are listed on its start page;
 * a section without pages yet points to the API that does its work for now. Adding a page: a controller under
 * {@code /console/<section>/…} whose view names its section in the layout, and an entry in {@link #pages()}.
 */
public enum Section {
    HOME("/", List.of()),
    CUSTOMERS("/console/customers", List.of(
            new Page("console.customers.search", "/console/customers"),
            new Page("console.reviews.title", "/console/customers/reviews"))),
    STORES("/console/stores", List.of(
            new Page("console.stores.title", "/console/stores/list"),
            new Page("console.touchpoints.title", "/console/stores/touchpoints"),
            new Page("console.placements.title", "/console/stores/placements"),
            new Page("console.forms.title", "/console/stores/forms"),
            new Page("console.wifi.title", "/console/stores/wifi"))),
    CONVERT("/console/convert", List.of(
            new Page("console.convert.offers", "/console/convert/offers"),
            new Page("console.convert.inbox", "/console/convert/inbox"),
            new Page("console.convert.cases", "/console/convert/cases"),
            new Page("console.convert.templates", "/console/convert/templates"),
            new Page("console.convert.messages", "/console/convert/messages"),
            new Page("console.convert.surveys", "/console/convert/surveys"))),
    LOYALTY("/console/loyalty", List.of(
            new Page("console.loyalty.title", "/console/loyalty"),
            new Page("console.loyalty.programme", "/console/loyalty/program"),
            new Page("console.loyalty.wallets", "/console/loyalty/wallet"))),
    SEGMENTS("/console/segments", List.of(
            new Page("console.segments.title", "/console/segments"),
            new Page("console.campaigns.title", "/console/segments/campaigns"))),
    JOURNEYS("/console/journeys", List.of(
            new Page("console.journeys.title", "/console/journeys"),
            new Page("console.journeys.tasks", "/console/journeys/tasks"))),
    MEASURE("/console/analytics", List.of(
            new Page("console.analytics.title", "/console/analytics"))),
    DATA("/console/data", List.of(
            new Page("console.brand.title", "/console/data/brand"),
            new Page("console.policy.title", "/console/data/consent"),
            new Page("console.imports.title", "/console/data/imports"),
            new Page("console.failed.title", "/console/data/failed-events"),
            new Page("console.users.title", "/console/data/users"),
            new Page("console.keys.title", "/console/data/api-keys"),
            new Page("console.audit.title", "/console/data/audit"),
            new Page("console.background.title", "/console/data/background"))),
    TILL("/console/till", List.of());

    /** A page of a section: the message key of its name, and where it is. */
    public record Page(String name, String path) {
    }

    private final String path;
    private final List<Page> pages;

    Section(String path, List<Page> pages) {
        this.path = path;
        this.pages = pages;
    }

    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public String path() {
        return path;
    }

    public List<Page> pages() {
        return pages;
    }
}
