/**
 * Consent: the append-only ledger of what each person allowed, on which channel and for which purpose, with the
 * proof; the consent gate every message passes; the suppression list; double opt-in, the preference centre and
 * one-click unsubscribe; and the customer's rights to see and erase their data. Other modules use
 * {@link io.footbridge.consent.ConsentGate}, {@link io.footbridge.consent.Consents},
 * {@link io.footbridge.consent.Suppressions}, {@link io.footbridge.consent.PreferenceLinks} and, for staff pages,
 * {@link io.footbridge.consent.ConsentSettings}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Consent",
        allowedDependencies = {"platform", "capture", "identity"})
package io.footbridge.consent;
