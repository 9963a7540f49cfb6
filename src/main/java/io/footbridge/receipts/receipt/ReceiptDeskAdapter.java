package io.footbridge.receipts.receipt;

import io.footbridge.capture.Sales;
import io.footbridge.platform.Actor;
import io.footbridge.platform.HostedPages;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import io.footbridge.receipts.ReceiptDesk;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** {@link ReceiptDesk} on the settings service and the counting the receipt page does, with their checks. */
@Component
class ReceiptDeskAdapter implements ReceiptDesk {

    private final ReceiptRepository repository;
    private final ReceiptSettings settings;
    private final ReceiptContent content;
    private final Sales sales;
    private final Stores stores;
    private final HostedPages pages;
    private final Visits visits;

    ReceiptDeskAdapter(ReceiptRepository repository, ReceiptSettings settings, ReceiptContent content, Sales sales,
                       Stores stores, HostedPages pages, Visits visits) {
        this.repository = repository;
        this.settings = settings;
        this.content = content;
        this.sales = sales;
        this.stores = stores;
        this.pages = pages;
        this.visits = visits;
    }

    @Override
    public void linkShop(Actor admin, String url) {
        settings.put(admin, null, new Settings(true, new Settings.ShopOnline(true, url, null), null, null, null,
                null));
    }

    @Override
    public List<Made> made(UUID tenantId, Instant from, int limit) {
        return repository.list(tenantId, null, from, null, limit, 0).stream()
                .map(r -> new Made(r.id(), r.occurredAt())).toList();
    }

    @Override
    public void open(UUID tenantId, UUID receiptId, Instant at) {
        shown(tenantId, receiptId).ifPresent(s -> visits.viewed(s.receipt(), s.ctas(), at));
    }

    @Override
    public Optional<String> follow(UUID tenantId, UUID receiptId, String cta, Instant at) {
        if (!cta.equals(Ctas.SHOP) && !cta.equals(Ctas.CLUB)) {
            throw new IllegalArgumentException("only link calls to action are followed from code: " + cta);
        }
        return shown(tenantId, receiptId).filter(s -> s.ctas().stream().anyMatch(o -> o.cta().equals(cta)))
                .flatMap(s -> {
                    Optional<String> target = cta.equals(Ctas.SHOP)
                            ? ReceiptContent.shopTarget(s.sale(), s.applied()).map(ReceiptContent.ShopTarget::url)
                            : Optional.ofNullable(s.applied().joinClub().url());
                    target.ifPresent(url -> visits.clicked(s.receipt(), cta, false, Map.of("via", "page"), at));
                    return target;
                });
    }

    private record Shown(ReceiptRepository.Receipt receipt, Sales.Sale sale, Settings applied,
                         List<ReceiptContent.Offered> ctas) {
    }

    /** The receipt with what its page shows this customer, as the page works it out. */
    private Optional<Shown> shown(UUID tenantId, UUID receiptId) {
        return repository.find(tenantId, receiptId).flatMap(receipt -> sales.find(tenantId, receipt.transactionId())
                .map(sale -> {
                    ZoneId zone = stores.findById(tenantId, receipt.storeId()).map(StoreRef::timeZone)
                            .orElse(ZoneOffset.UTC);
                    Settings applied = settings.effective(tenantId, receipt.storeId());
                    return new Shown(receipt, sale, applied, content.ctas(receipt, sale, applied,
                            content.customer(receipt, zone), "page", pages.baseUrl()));
                }));
    }
}
