package io.footbridge.offers.coupon;

import io.footbridge.offers.CouponIssued;
import io.footbridge.offers.CouponRedeemed;
import io.footbridge.offers.CouponRolledBack;
import io.footbridge.offers.IssuedCoupon;
import io.footbridge.offers.OfferDesk;
import io.footbridge.offers.Offers;
import io.footbridge.platform.Actor;
import io.footbridge.platform.Provisioning;
import io.footbridge.platform.Scope;
import io.footbridge.platform.StoreRef;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.annotation.DirtiesContext;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The offers module with the modules it needs, and no others: issuing, redeeming and rolling back a coupon (a
 * refund at the till) publish the events other modules react to (journeys, loyalty and analytics will), carrying
 * ids only.
 */
@ApplicationModuleTest(ApplicationModuleTest.BootstrapMode.ALL_DEPENDENCIES)
// its own context, used by no other class: closed after it, so the suite does not hold its connections
@DirtiesContext
class OffersModuleTests {

    @Autowired
    private OfferDesk desk;
    @Autowired
    private Offers offers;
    @Autowired
    private Redemptions redemptions;
    @Autowired
    private Provisioning provisioning;
    @Autowired
    private JdbcClient jdbc;

    @Test
    void issuingRedeemingAndRollingBackACouponPublishTheirEvents(Scenario scenario) {
        UUID tenant = UUID.randomUUID();
        jdbc.sql("INSERT INTO tenant (id, name, created_at, updated_at) VALUES (:id, :name, :now, :now)")
                .param("id", tenant).param("name", "Module test " + tenant)
                .param("now", java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC)).update();
        Actor admin = Actor.system(tenant, "module test", Set.of(Scope.values()));
        StoreRef store = provisioning.createStore(admin, new Provisioning.NewStore("MOD-1", "Module store",
                "Main Street 1", "10115", "Berlin", "DE", "Europe/Berlin", "EUR", 52.52, 13.40, List.of()));
        UUID offer = desk.create(admin, new OfferDesk.NewOffer("Ten off", "Ten percent off", BigDecimal.TEN, null,
                "EUR", 0, LocalDate.now().minusDays(1).toString(), LocalDate.now().plusDays(30).toString(),
                List.of(store.code())));

        IssuedCoupon[] issued = new IssuedCoupon[1];
        scenario.stimulate(() -> issued[0] = offers.issue(tenant, offer, null, "api", "module-test-" + tenant))
                .andWaitForEventOfType(CouponIssued.class)
                .matching(event -> event.tenantId().equals(tenant))
                .toArriveAndVerify(event -> {
                    assertThat(event.offerId()).isEqualTo(offer);
                    assertThat(event.couponId()).isEqualTo(issued[0].couponId());
                    assertThat(event.channel()).isEqualTo("api");
                });

        scenario.stimulate(() -> desk.redeem(admin, issued[0].code(), store.code(), "T-" + tenant, 10_000, "EUR", null))
                .andWaitForEventOfType(CouponRedeemed.class)
                .matching(event -> event.tenantId().equals(tenant))
                .toArriveAndVerify(event -> {
                    assertThat(event.couponId()).isEqualTo(issued[0].couponId());
                    assertThat(event.storeId()).isEqualTo(store.id());
                    assertThat(event.transactionId()).isEqualTo("T-" + tenant);
                });

        scenario.stimulate(() -> redemptions.rollback(admin, new RollbackRequest("T-" + tenant, null,
                        RollbackRequest.Reason.REFUND, "R-" + tenant)))
                .andWaitForEventOfType(CouponRolledBack.class)
                .matching(event -> event.tenantId().equals(tenant))
                .toArriveAndVerify(event -> {
                    assertThat(event.couponId()).isEqualTo(issued[0].couponId());
                    assertThat(event.offerId()).isEqualTo(offer);
                    assertThat(event.transactionId()).isEqualTo("T-" + tenant);
                });
    }
}
