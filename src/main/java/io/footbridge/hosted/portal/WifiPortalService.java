package io.footbridge.hosted.portal;

import io.footbridge.hosted.WifiPortals;
import io.footbridge.platform.Actor;
import io.footbridge.platform.HostedPages;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.RequestChecks;
import jakarta.validation.Validator;
import org.springframework.stereotype.Service;

import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** The Wi-Fi portal's set-up for staff pages, through the service the API uses. */
@Service
class WifiPortalService implements WifiPortals {

    private final WifiSetup setup;
    private final HostedPages pages;
    private final Validator validator;

    WifiPortalService(WifiSetup setup, HostedPages pages, Validator validator) {
        this.setup = setup;
        this.pages = pages;
        this.validator = validator;
    }

    @Override
    public List<AccessPoint> accessPoints(Actor actor, String storeCode) {
        return setup.list(actor, storeCode).stream().map(node -> view(node, null)).toList();
    }

    @Override
    public AccessPoint add(Actor actor, NewAccessPoint accessPoint) {
        WifiVendor vendor = null;
        if (accessPoint.vendor() != null && VENDORS.contains(accessPoint.vendor())) {
            vendor = WifiVendor.valueOf(accessPoint.vendor().toUpperCase(Locale.ROOT));
        } else if (accessPoint.vendor() != null && !accessPoint.vendor().isBlank()) {
            throw ProblemException.invalid("vendor", "must be one of " + String.join(", ", VENDORS));
        }
        AccessPointRequest request = RequestChecks.valid(validator, new AccessPointRequest(vendor,
                accessPoint.node(), accessPoint.store(), accessPoint.label(), blank(accessPoint.secret()),
                blank(accessPoint.gatewayAddress()), null));
        WifiRepository.Node node = setup.add(actor, request);
        return view(node, WifiSetup.portalUrl(node, pages.baseUrl()));
    }

    @Override
    public AccessPoint withPortalUrl(Actor actor, UUID id) {
        WifiRepository.Node node = setup.forSetUp(actor, id);
        return view(node, WifiSetup.portalUrl(node, pages.baseUrl()));
    }

    @Override
    public List<Wording> wordings(Actor actor) {
        return setup.wordings(actor).stream().map(w -> new Wording(w.version(), w.terms(), w.marketingEmail(),
                w.marketingSms(), w.createdAt(), w.createdBy(), w.club())).toList();
    }

    @Override
    public Wording newWording(Actor actor, String terms, String marketingEmail, String marketingSms, String club) {
        actor.requireTenantAdmin();
        io.footbridge.hosted.portal.Wording w = setup.newWording(actor, RequestChecks.valid(validator,
                new WordingRequest(terms, blank(marketingEmail), blank(marketingSms), blank(club))));
        return new Wording(w.version(), w.terms(), w.marketingEmail(), w.marketingSms(), w.createdAt(),
                w.createdBy(), w.club());
    }

    private static AccessPoint view(WifiRepository.Node node, String portalUrl) {
        return new AccessPoint(node.id(), node.vendor().value(), node.node(), node.storeCode(), node.label(),
                node.createdAt(), portalUrl);
    }

    private static String blank(String text) {
        return text == null || text.isBlank() ? null : text;
    }
}
