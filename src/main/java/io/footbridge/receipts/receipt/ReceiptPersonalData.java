package io.footbridge.receipts.receipt;

import io.footbridge.platform.HostedPages;
import io.footbridge.platform.PersonalData;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A person's receipts, found by the email, phone or loyalty number they gave at the till. Erasing removes where
 * the receipts went and the page's address; each receipt stays as a count with its store, time, amount, delivery
 * and clicks, so the figures stay true.
 */
@Component
class ReceiptPersonalData implements PersonalData {

    record Exported(String transactionId, String store, Instant occurredAt, String currency, long total,
                    long refunded, String status, String channel, String sentTo, String url, String delivery,
                    int views, List<String> clicked) {
    }

    private final ReceiptRepository repository;
    private final Stores stores;
    private final HostedPages pages;

    ReceiptPersonalData(ReceiptRepository repository, Stores stores, HostedPages pages) {
        this.repository = repository;
        this.stores = stores;
        this.pages = pages;
    }

    @Override
    public String section() {
        return "receipts";
    }

    @Override
    public Object export(Person person) {
        List<ReceiptRepository.Receipt> found = receipts(person);
        if (found.isEmpty()) {
            return null;
        }
        String base = base();
        return found.stream().map(r -> new Exported(r.transactionId(), stores.findById(r.tenantId(), r.storeId())
                .map(StoreRef::code).orElse(null), r.occurredAt(), r.currency(), r.total(), r.refunded(), r.status(),
                r.channel(), r.address(), r.token() == null ? null : base + "/r/" + r.token(), r.delivery(), r.views(),
                repository.ctas(r.id()).stream().filter(c -> c.clicks() > 0).map(ReceiptRepository.Cta::cta)
                        .toList())).toList();
    }

    @Override
    public void erase(Person person) {
        List<UUID> ids = receipts(person).stream().map(ReceiptRepository.Receipt::id).toList();
        if (!ids.isEmpty()) {
            repository.erase(person.tenantId(), ids, Instant.now());
        }
    }

    private List<ReceiptRepository.Receipt> receipts(Person person) {
        return repository.ofPerson(person.tenantId(), person.values("email"), person.values("phone"),
                person.values("loyaltyId")).stream().filter(r -> r.erasedAt() == null).toList();
    }

    private String base() {
        return pages.baseUrl();
    }
}
