package io.footbridge.demo.chain;

import io.footbridge.platform.Actor;
import io.footbridge.receipts.ReceiptDesk;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * The chain's customers reading their digital receipts: most open one within a day and a half of the sale, some
 * follow its "shop similar online" link, each counted by the receipt page's own rules at the moment they did it.
 */
@Component
class ReceiptReaders {

    static final String SHOP = "https://larch-linden.example/shop";
    /** Receipts the demo reads back at most: a week of a big chain's e-mailed receipts. */
    private static final int MOST = 20_000;

    private final ReceiptDesk receipts;

    ReceiptReaders(ReceiptDesk receipts) {
        this.receipts = receipts;
    }

    /** The tenant's receipts link to the web shop, so a receipt has something to follow. */
    void linkShop(Actor admin) {
        receipts.linkShop(admin, SHOP);
    }

    /** Opens and follows the receipts of sales since {@code from}; answers how many were opened and followed. */
    int[] read(Actor admin, Instant from, Instant until, SplittableRandom random) {
        int opened = 0;
        int followed = 0;
        for (ReceiptDesk.Made receipt : receipts.made(admin.tenantId(), from, MOST)) {
            double r = random.nextDouble();
            Instant at = receipt.occurredAt().plus(Duration.ofMinutes(5 + random.nextInt(36 * 60)));
            boolean follows = random.nextDouble() < 0.25;
            Instant clicked = at.plus(Duration.ofSeconds(20 + random.nextInt(600)));
            if (r >= 0.65 || !clicked.isBefore(until)) {
                continue;
            }
            receipts.open(admin.tenantId(), receipt.id(), at);
            opened++;
            if (follows && receipts.follow(admin.tenantId(), receipt.id(), "shop", clicked).isPresent()) {
                followed++;
            }
        }
        return new int[]{opened, followed};
    }
}
