/**
 * Hosted: the pages customers meet in the store and on the web: QR/NFC placements and short links, the Wi-Fi
 * portal, sign-up and event forms, the web tracker. It records what customers do through capture's public API and
 * reads touchpoints through capture's {@code touchpoints} interface.
 */
@org.springframework.modulith.ApplicationModule(displayName = "Hosted pages",
        allowedDependencies = {"platform", "capture", "capture::touchpoints", "capture::products"})
package io.footbridge.hosted;
