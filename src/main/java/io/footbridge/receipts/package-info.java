/**
 * Receipts: a digital receipt for every sale whose customer chose one at the till, sent by email, SMS or WhatsApp,
 * with a branded page at an unguessable address and the calls to action the marketer set up (shop similar online,
 * claim a reward, tell us how we did, join the club), counted from the message to the click. Other modules read a
 * receipt through {@link io.footbridge.receipts.Receipts}; a survey module plugs its link into the receipt through
 * {@link io.footbridge.receipts.ReceiptSurveys}; in-process writers (the demo) act as marketer and customer through
 * {@link io.footbridge.receipts.ReceiptDesk}. Everything else is internal.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Receipts",
        allowedDependencies = {"platform", "capture", "consent", "hosted", "identity", "messaging", "offers"})
package io.footbridge.receipts;
