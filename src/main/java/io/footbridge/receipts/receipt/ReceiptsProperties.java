package io.footbridge.receipts.receipt;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * @param maxAge        a sale Footbridge learned of longer ago than this gets no receipt: when the receipts feed
 *                      first reads an installation's history, old customers are not sent old receipts
 * @param consentWait   how long a receipt waits for the consent ticks given at the till to reach the ledger before
 *                      its message is composed without them
 * @param sweepInterval how often receipts still waiting to be sent are looked at
 */
@ConfigurationProperties("footbridge.receipts")
record ReceiptsProperties(@DefaultValue("2d") Duration maxAge,
                          @DefaultValue("30s") Duration consentWait,
                          @DefaultValue("2s") Duration sweepInterval) {
}
