package io.footbridge.messaging.channel;

import io.footbridge.consent.Channel;
import io.footbridge.consent.Purpose;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** SMTP answers as a mail server gives them: what is the address's fault, what may pass, and one connection reused. */
class SmtpEmailTest {

    private ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private SmtpEmail smtp;

    @BeforeEach
    void scriptedServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket socket = server.accept();
                    connections.incrementAndGet();
                    new Thread(() -> serve(socket)).start();
                } catch (IOException closed) {
                    return;
                }
            }
        });
        acceptor.setDaemon(true);
        acceptor.start();
        JavaMailSenderImpl settings = new JavaMailSenderImpl();
        settings.getJavaMailProperties().setProperty("mail.smtp.timeout", "1000");
        settings.setHost("127.0.0.1");
        settings.setPort(server.getLocalPort());
        smtp = new SmtpEmail(settings);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    @Test
    void aRefusedMailboxIsTheAddressesFaultADeferralMayPassAndOneConnectionCarriesMany() {
        Delivery first = smtp.send(envelope("lena@example.com"));
        Delivery second = smtp.send(envelope("mia@example.com"));
        Delivery unknown = smtp.send(envelope("nobody@example.com"));
        Delivery busy = smtp.send(envelope("busy@example.com"));
        Delivery third = smtp.send(envelope("noah@example.com"));

        assertThat(first).isInstanceOf(Delivery.Accepted.class);
        assertThat(((Delivery.Accepted) first).providerId()).endsWith("@footbridge>");
        assertThat(second).isInstanceOf(Delivery.Accepted.class);
        assertThat(unknown).isEqualTo(new Delivery.Failed("the recipient was refused (550)", true));
        assertThat(busy).isInstanceOf(Delivery.Retry.class);
        assertThat(third).isInstanceOf(Delivery.Accepted.class);
        assertThat(commands.stream().filter(c -> c.startsWith("DATA")).count()).isEqualTo(3);
        // two accepted on one connection; each failure starts the next on a fresh one
        assertThat(connections.get()).isEqualTo(3);
        assertThat(commands).anyMatch(c -> c.startsWith("List-Unsubscribe-Post: List-Unsubscribe=One-Click"));
    }

    @Test
    void aMessageTheServerTookButNeverConfirmedIsUnknownNotRetried() {
        Delivery slow = smtp.send(envelope("slow@example.com"));

        assertThat(slow).isInstanceOf(Delivery.Unknown.class);
        assertThat(smtp.send(envelope("lena@example.com"))).as("the next one on a fresh connection")
                .isInstanceOf(Delivery.Accepted.class);
    }

    @Test
    void aServerThatCannotBeReachedIsAPassingFailure() throws IOException {
        // a port held but not listened on refuses connections, and no other server can take it meanwhile
        try (Socket held = new Socket()) {
            held.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            JavaMailSenderImpl settings = new JavaMailSenderImpl();
            settings.getJavaMailProperties().setProperty("mail.smtp.connectiontimeout", "1000");
            settings.setHost("127.0.0.1");
            settings.setPort(held.getLocalPort());
            assertThat(new SmtpEmail(settings).send(envelope("lena@example.com"))).isInstanceOf(Delivery.Retry.class);
        }
    }

    private static Envelope envelope(String to) {
        return new Envelope(UUID.randomUUID(), UUID.randomUUID(), Channel.EMAIL, Purpose.MARKETING, to,
                "news@shop.example.com", "Kaffeehaus Lena", null, "Autumn beans", "<p>New beans</p>", "New beans",
                "https://go.example.com/u/token", null, null, null);
    }

    private void serve(Socket socket) {
        try (socket; var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
             OutputStream out = socket.getOutputStream()) {
            reply(out, "220 scripted");
            String line;
            while ((line = in.readLine()) != null) {
                commands.add(line);
                String upper = line.toUpperCase(java.util.Locale.ROOT);
                if (upper.startsWith("EHLO") || upper.startsWith("HELO")) {
                    reply(out, "250 scripted");
                } else if (upper.startsWith("RCPT") && upper.contains("NOBODY@")) {
                    reply(out, "550 5.1.1 no such user");
                } else if (upper.startsWith("RCPT") && upper.contains("BUSY@")) {
                    reply(out, "451 4.3.2 try again later");
                } else if (upper.startsWith("DATA")) {
                    reply(out, "354 go on");
                    boolean slow = false;
                    while ((line = in.readLine()) != null && !line.equals(".")) {
                        commands.add(line);
                        slow |= line.startsWith("To: slow@");
                    }
                    if (slow) {
                        try {
                            Thread.sleep(3_000); // longer than the client waits for the answer
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return;
                    }
                    reply(out, "250 queued");
                } else if (upper.startsWith("QUIT")) {
                    reply(out, "221 bye");
                    return;
                } else {
                    reply(out, "250 OK");
                }
            }
        } catch (IOException ignored) {
            // the client went away
        }
    }

    private static void reply(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }
}
