package io.footbridge.platform.tenant;

import io.footbridge.ApiClient;
import io.footbridge.FootbridgeApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The first start of a fresh installation on the embedded database, exactly as a newcomer runs it. */
@ExtendWith(OutputCaptureExtension.class)
class InstallationBootstrapTests {

    private static final Pattern PASSWORD = Pattern.compile("password: (\\S+)");

    @Test
    void firstStartCreatesAnAdminWithAPasswordPrintedOnceOnly(@TempDir Path dataDir, CapturedOutput output) {
        String firstPassword;
        try (var app = start(dataDir)) {
            Matcher matcher = PASSWORD.matcher(output.getOut());
            assertThat(matcher.find()).as("generated password printed").isTrue();
            firstPassword = matcher.group(1);
            assertThat(output.getOut()).contains("admin@footbridge.local");
            assertThat(output.getOut()).contains("/swagger-ui.html");
            var admin = ApiClient.anonymous(port(app)).basic("admin@footbridge.local", firstPassword);
            var me = admin.get("/api/v1/me");
            assertThat(me.status()).isEqualTo(200);
            assertThat(me.json().get("installationAdmin").asBoolean()).isTrue();
            assertThat(me.json().get("tenantName").asString()).isEqualTo("My brand");
        }
        assertThat(Files.exists(dataDir.resolve("footbridge.mv.db"))).isTrue();
        int printedBefore = output.getOut().length();

        try (var app = start(dataDir)) {
            String secondStart = output.getOut().substring(printedBefore);
            assertThat(secondStart).doesNotContain(firstPassword).doesNotContainPattern(PASSWORD);
            assertThat(ApiClient.anonymous(port(app)).basic("admin@footbridge.local", firstPassword)
                    .get("/api/v1/me").status()).isEqualTo(200);
        }
        assertThat(output.getAll()).as("the password never reaches the log").containsOnlyOnce(firstPassword);
    }

    private static ConfigurableApplicationContext start(Path dataDir) {
        return SpringApplication.run(FootbridgeApplication.class,
                "--server.port=0",
                "--footbridge.data-dir=" + dataDir,
                "--spring.datasource.url=jdbc:h2:file:" + dataDir + "/footbridge;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH",
                "--footbridge.admin.email=",
                "--footbridge.admin.password=",
                "--footbridge.admin.tenant-name=My brand");
    }

    private static int port(ConfigurableApplicationContext app) {
        return Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
    }
}
