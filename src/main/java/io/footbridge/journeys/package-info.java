/**
 * Journeys: a trigger (a captured event, entering or leaving a segment, a date in a person's data, an API call), steps
 * (waits, sends through the consent gate, coupons, loyalty points, branches on a segment rule, random splits, webhooks), a goal, a
 * re-entry policy and a holdout. Each person's place in a journey is a row; waits are due times that the one
 * background scheduler claims. Other modules and the console use {@link io.footbridge.journeys.Journeys}.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Journeys",
        allowedDependencies = {"platform", "capture", "identity", "consent", "messaging", "offers", "audiences",
                "profile", "analytics", "capture::products", "hosted", "loyalty"})
package io.footbridge.journeys;
