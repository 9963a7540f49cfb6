package io.footbridge;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Footbridge in a JVM of its own, started from the test's own classpath, so that a test can kill it as a crash
 * would ({@code kill -9}) and start it again on the same files. It reads only the application's own settings, not
 * the tests' (which put the database in memory); the database is the embedded one in {@code dataDir} unless
 * SPRING_DATASOURCE_URL, inherited from the test's environment, points elsewhere. The system property
 * {@code footbridge.server.classpath} runs another build instead (to compare two).
 */
public final class ServerProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final int port;
    private final Path log;

    private ServerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts a server on {@code dataDir} and waits until it is ready to serve. */
    public static ServerProcess start(Path dataDir, String adminEmail, String adminPassword, String... extraArgs)
            throws IOException, InterruptedException {
        int port = freePort();
        Path log = Files.createTempFile(dataDir, "server-", ".log");
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
                "-cp", System.getProperty("footbridge.server.classpath", System.getProperty("java.class.path")),
                FootbridgeApplication.class.getName(),
                "--spring.config.location=classpath:/application.properties",
                "--server.port=" + port,
                "--footbridge.data-dir=" + dataDir,
                "--footbridge.admin.email=" + adminEmail,
                "--footbridge.admin.password=" + adminPassword,
                "--footbridge.security.login-max-failures-per-ip=100000",
                "--spring.main.banner-mode=off",
                "--logging.level.root=WARN"));
        command.addAll(List.of(extraArgs));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ServerProcess server = new ServerProcess(process, port, log);
        server.awaitReady(Duration.ofSeconds(240));
        return server;
    }

    public int port() {
        return port;
    }

    public ApiClient anonymous() {
        return ApiClient.anonymous(port);
    }

    /** What the server wrote to its console, for an assertion's message. */
    public String output() {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8);
            return text.length() > 20_000 ? text.substring(text.length() - 20_000) : text;
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /** SIGKILL, as {@code kill -9} does: no shutdown hook runs, nothing is flushed on the way out. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the server process did not die");
        }
    }

    /** An orderly stop (SIGTERM), as a service manager does. */
    public void stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            kill();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    private void awaitReady(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with " + process.exitValue() + ":\n" + output());
            }
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(200);
        }
        String threads = threadDump();
        process.destroyForcibly();
        throw new IllegalStateException("the server was not ready within " + within + ":\n" + output()
                + "\nits threads:\n" + threads);
    }

    /** The server's threads, from jcmd next to the running java, to see where a slow start waits. */
    private String threadDump() {
        try {
            String java = ProcessHandle.current().info().command().orElse("java");
            Path jcmd = Path.of(java).resolveSibling("jcmd");
            Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(process.pid()), "Thread.print")
                    .redirectErrorStream(true).start();
            String text = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            dump.waitFor(30, TimeUnit.SECONDS);
            return text.length() > 60_000 ? text.substring(0, 60_000) : text;
        } catch (IOException | InterruptedException e) {
            return "(no thread dump: " + e + ")";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
