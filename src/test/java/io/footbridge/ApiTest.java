package io.footbridge;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Base for tests that talk to the whole running server over HTTP. They share one application and one database
 * (H2 in memory, or PostgreSQL when SPRING_DATASOURCE_URL is set), so each test works in tenants of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class ApiTest {

    /** A real SMTP server for every test: email goes over SMTP. */
    protected static final GreenMail SMTP = startSmtp();
    private static final java.util.regex.Pattern HREF = java.util.regex.Pattern.compile("href=\"(http[^\"]+)\"");

    /** Twilio's and WhatsApp's APIs on a local port: SMS and WhatsApp go over real HTTP to it. */
    protected static final FakeProviders PROVIDERS = FakeProviders.start();

    protected static final String TWILIO_ACCOUNT = "AC00000000000000000000000000000001";
    protected static final String TWILIO_TOKEN = "twilio-test-auth-token";
    /** The installation's sender number, for tenants that set none. */
    protected static final String TWILIO_FROM = "+15005550006";
    protected static final String WHATSAPP_TOKEN = "whatsapp-test-access-token";
    protected static final String WHATSAPP_NUMBER_ID = "109000000000001";
    protected static final String WHATSAPP_APP_SECRET = "whatsapp-test-app-secret";
    protected static final String WHATSAPP_VERIFY_TOKEN = "whatsapp-test-verify-token";

    private static GreenMail startSmtp() {
        GreenMail smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
        return smtp;
    }

    @DynamicPropertySource
    static void smtp(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
        registry.add("footbridge.messaging.twilio.account-sid", () -> TWILIO_ACCOUNT);
        registry.add("footbridge.messaging.twilio.auth-token", () -> TWILIO_TOKEN);
        registry.add("footbridge.messaging.twilio.base-url", PROVIDERS::url);
        registry.add("footbridge.messaging.twilio.from", () -> TWILIO_FROM);
        registry.add("footbridge.messaging.twilio.timeout", () -> "3s");
        registry.add("footbridge.messaging.whatsapp.access-token", () -> WHATSAPP_TOKEN);
        registry.add("footbridge.messaging.whatsapp.phone-number-id", () -> WHATSAPP_NUMBER_ID);
        registry.add("footbridge.messaging.whatsapp.app-secret", () -> WHATSAPP_APP_SECRET);
        registry.add("footbridge.messaging.whatsapp.verify-token", () -> WHATSAPP_VERIFY_TOKEN);
        registry.add("footbridge.messaging.whatsapp.base-url", PROVIDERS::url);
        registry.add("footbridge.messaging.whatsapp.timeout", () -> "3s");
        registry.add("footbridge.loyalty.wallet.apns-url", () -> PROVIDERS.url() + FakeProviders.APNS);
        registry.add("footbridge.loyalty.wallet.google-token-url", () -> PROVIDERS.url() + FakeProviders.GOOGLE
                + "/token");
        registry.add("footbridge.loyalty.wallet.google-api-url", () -> PROVIDERS.url() + FakeProviders.GOOGLE);
    }

    /** Set in src/test/resources/config/application.properties. */
    protected static final String INSTALLER_EMAIL = "installer@footbridge.test";
    protected static final String INSTALLER_PASSWORD = "installer-password-1";
    protected static final String PASSWORD = "correct-horse-battery";

    @LocalServerPort
    protected int port;

    @Autowired
    protected JdbcClient jdbc;

    protected ApiClient anonymous;
    protected ApiClient installer;

    @BeforeEach
    void clients() {
        anonymous = ApiClient.anonymous(port);
        installer = anonymous.basic(INSTALLER_EMAIL, INSTALLER_PASSWORD);
    }

    /** Runs {@code call} on n threads released at the same moment; the answers, in no particular order. */
    protected static java.util.List<Integer> concurrently(int n, java.util.concurrent.Callable<Integer> call)
            throws Exception {
        var start = new java.util.concurrent.CountDownLatch(1);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(n);
        var results = new java.util.ArrayList<Integer>();
        try {
            var futures = new java.util.ArrayList<java.util.concurrent.Future<Integer>>();
            for (int i = 0; i < n; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            for (var future : futures) {
                results.add(future.get());
            }
        } finally {
            pool.shutdownNow();
        }
        return results;
    }

    /** Waits until the identity resolver has read every event of the tenant. */
    protected void awaitResolved(UUID tenantId) {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            long open = jdbc.sql("""
                            SELECT COUNT(*) FROM capture_event c WHERE c.tenant_id = :t
                              AND NOT EXISTS (SELECT 1 FROM identity_event i WHERE i.seq = c.seq)
                            """).param("t", tenantId).query(Long.class).single();
            if (open == 0) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("events of tenant " + tenantId + " were not resolved in time");
    }

    /** A fresh tenant and a client logged in as its admin. */
    protected TestTenant newTenant() {
        String email = "admin-" + UUID.randomUUID() + "@brand.test";
        var response = installer.post("/api/v1/tenants",
                Map.of("name", "Brand " + email, "adminEmail", email, "adminPassword", PASSWORD));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return new TestTenant(UUID.fromString(response.json().get("id").asString()), email,
                anonymous.basic(email, PASSWORD));
    }

    public record TestTenant(UUID id, String adminEmail, ApiClient admin) {

        public String createStore(String code) {
            var response = admin.post("/api/v1/stores", Map.of("code", code, "name", "Store " + code,
                    "country", "DE", "timeZone", "Europe/Berlin", "currency", "EUR"));
            assertThat(response.status()).as(response.toString()).isEqualTo(201);
            return response.json().get("id").asString();
        }

        public String createKey(String name, String storeCode, String... scopes) {
            var body = new java.util.HashMap<String, Object>(Map.of("name", name, "scopes", java.util.List.of(scopes)));
            if (storeCode != null) {
                body.put("storeCode", storeCode);
            }
            var response = admin.post("/api/v1/api-keys", body);
            assertThat(response.status()).as(response.toString()).isEqualTo(201);
            return response.json().get("secret").asString();
        }

        public ApiClient createUser(String role, String... storeCodes) {
            String email = role + "-" + UUID.randomUUID() + "@brand.test";
            var response = admin.post("/api/v1/users", Map.of("email", email, "name", "Staff", "role", role,
                    "password", PASSWORD, "storeCodes", java.util.List.of(storeCodes)));
            assertThat(response.status()).as(response.toString()).isEqualTo(201);
            return admin.basic(email, PASSWORD);
        }
    }

    /** The first mail the SMTP server took for {@code to}, waiting for it up to {@code within}. */
    protected static jakarta.mail.internet.MimeMessage awaitMail(String to, java.time.Duration within)
            throws Exception {
        long deadline = System.currentTimeMillis() + within.toMillis();
        while (System.currentTimeMillis() < deadline) {
            java.util.List<jakarta.mail.internet.MimeMessage> mails = mailsTo(to);
            if (!mails.isEmpty()) {
                return mails.get(0);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no mail to " + to);
    }

    protected static java.util.List<jakarta.mail.internet.MimeMessage> mailsTo(String to) {
        return java.util.Arrays.stream(SMTP.getReceivedMessages()).filter(m -> {
            try {
                return java.util.Arrays.stream(m.getAllRecipients()).anyMatch(r -> r.toString().equals(to));
            } catch (jakarta.mail.MessagingException e) {
                return false;
            }
        }).toList();
    }

    /** The part of a mail of this MIME type (text/html, text/plain), however deep it is nested; null if none. */
    protected static String mailPart(jakarta.mail.internet.MimeMessage mail, String type) throws Exception {
        return find(mail.getContent(), type);
    }

    private static String find(Object content, String type) throws Exception {
        if (content instanceof jakarta.mail.Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                var part = multipart.getBodyPart(i);
                if (part.isMimeType(type)) {
                    return String.valueOf(part.getContent());
                }
                String nested = find(part.getContent(), type);
                if (nested != null) {
                    return nested;
                }
            }
        }
        return null;
    }

    /** The absolute links of an HTML mail, as sent. */
    protected static java.util.List<String> hrefs(String html) {
        java.util.List<String> found = new java.util.ArrayList<>();
        java.util.regex.Matcher m = HREF.matcher(html);
        while (m.find()) {
            found.add(m.group(1).replace("&amp;", "&"));
        }
        return found;
    }
}
