package io.footbridge.messaging;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.footbridge.consent.Channel;
import io.footbridge.consent.ConfirmationRequested;
import io.footbridge.consent.ConsentSettings;
import io.footbridge.consent.Consents;
import io.footbridge.consent.NewConsent;
import io.footbridge.consent.Purpose;
import io.footbridge.platform.Actor;
import io.footbridge.platform.Scope;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The messaging module with consent under it: a marketing permission given by email under double opt-in makes
 * consent publish {@link ConfirmationRequested}; messaging reacts by mailing the confirmation link (to a real SMTP
 * server), and the message, once sent, publishes {@link MessageStatusChanged}, which receipts and campaigns follow.
 */
@ApplicationModuleTest(ApplicationModuleTest.BootstrapMode.ALL_DEPENDENCIES)
// its own context, used by no other class: closed after it, so the suite does not hold its connections
@DirtiesContext
class MessagingModuleTests {

    private static final GreenMail SMTP = startSmtp();

    @Autowired
    private Consents consents;
    @Autowired
    private ConsentSettings settings;
    @Autowired
    private JdbcClient jdbc;

    private static GreenMail startSmtp() {
        GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        return smtp;
    }

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
    }

    @AfterAll
    static void stopSmtp() {
        SMTP.stop();
    }

    @Test
    void aPermissionAwaitingConfirmationIsMailedItsLinkAndTheSentMessageIsPublished(Scenario scenario) {
        UUID tenant = tenant();
        Actor admin = Actor.system(tenant, "module test", Set.of(Scope.values()));
        settings.setPolicy(admin, new ConsentSettings.PolicyForm(true, null, null, "UTC", null, null));
        String email = "confirm-" + tenant + "@example.com";

        scenario.stimulate(() -> consents.record(new NewConsent(tenant, null, "email", email, Channel.EMAIL,
                        Purpose.MARKETING, true, Instant.now(), "form", null, null, null, Map.of(),
                        "module-test:" + tenant)))
                .andWaitForEventOfType(ConfirmationRequested.class)
                .matching(event -> event.tenantId().equals(tenant))
                .toArrive();

        scenario.stimulate(() -> {
                })
                .andWaitAtMost(Duration.ofSeconds(30))
                .andWaitForEventOfType(MessageStatusChanged.class)
                .matching(event -> event.tenantId().equals(tenant) && event.status().equals("sent"))
                .toArriveAndVerify(event -> assertThat(event.origin()).as("the confirmation mailer's")
                        .isEqualTo("consent"));
        assertThat(Arrays.stream(SMTP.getReceivedMessages()).anyMatch(message -> recipient(message, email)))
                .as("the link reached the person").isTrue();
    }

    private static boolean recipient(MimeMessage message, String email) {
        try {
            return Arrays.stream(message.getAllRecipients()).anyMatch(a -> a.toString().contains(email));
        } catch (jakarta.mail.MessagingException e) {
            return false;
        }
    }

    private UUID tenant() {
        UUID tenant = UUID.randomUUID();
        jdbc.sql("INSERT INTO tenant (id, name, created_at, updated_at) VALUES (:id, :name, :now, :now)")
                .param("id", tenant).param("name", "Module test " + tenant)
                .param("now", OffsetDateTime.now(ZoneOffset.UTC)).update();
        return tenant;
    }
}
