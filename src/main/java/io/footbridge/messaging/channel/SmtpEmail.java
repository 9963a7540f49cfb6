package io.footbridge.messaging.channel;

import io.footbridge.consent.Channel;
import io.footbridge.consent.Purpose;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.springframework.mail.javamail.JavaMailSenderImpl;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Date;

/**
 * Email over SMTP ({@code spring.mail.*}). A marketing email carries List-Unsubscribe and List-Unsubscribe-Post
 * (RFC 8058), so mail clients offer one-click unsubscribe. The Message-ID is the message's own id, so a mail log or a
 * bounce can be traced back to it. Each worker keeps its connection open between messages (a new connection per
 * message costs more than the message), and opens a fresh one after a short idle time or any failure.
 */
class SmtpEmail implements Provider {

    private static final long IDLE_NANOS = Duration.ofSeconds(20).toNanos();

    private final JavaMailSenderImpl settings;
    private final ThreadLocal<Connection> connections = new ThreadLocal<>();

    /** A worker's open SMTP connection and when it was last used. */
    private static final class Connection {
        final Transport transport;
        long lastUsed;

        Connection(Transport transport) {
            this.transport = transport;
            this.lastUsed = System.nanoTime();
        }
    }

    SmtpEmail(JavaMailSenderImpl settings) {
        this.settings = settings;
    }

    @Override
    public String name() {
        return "smtp";
    }

    @Override
    public Channel channel() {
        return Channel.EMAIL;
    }

    @Override
    public Delivery send(Envelope envelope) {
        MimeMessage mime;
        try {
            mime = mime(settings.getSession(), envelope);
        } catch (MessagingException | UnsupportedEncodingException e) {
            return new Delivery.Failed("the message could not be built: " + e.getClass().getSimpleName(), false);
        }
        Transport transport;
        try {
            transport = transport();
        } catch (jakarta.mail.AuthenticationFailedException e) {
            close();
            return new Delivery.Retry("the SMTP server refused our login", Duration.ofMinutes(5));
        } catch (MessagingException e) {
            close();
            return new Delivery.Retry("SMTP: the server could not be reached or did not greet us", null);
        }
        try {
            transport.sendMessage(mime, mime.getAllRecipients());
            connections.get().lastUsed = System.nanoTime();
            return new Delivery.Accepted("<" + envelope.messageId() + "@footbridge>", false);
        } catch (MessagingException e) {
            close();
            Delivery answered = classify(e);
            // no reply we can read (a timeout, a dropped connection): the server may have taken the message
            return answered != null ? answered
                    : new Delivery.Unknown("the SMTP server did not confirm the message; it may have been delivered");
        }
    }

    private static MimeMessage mime(Session session, Envelope envelope)
            throws MessagingException, UnsupportedEncodingException {
        String messageId = "<" + envelope.messageId() + "@footbridge>";
        MimeMessage mime = new MimeMessage(session) {
            @Override
            protected void updateMessageID() throws MessagingException {
                setHeader("Message-ID", messageId);
            }
        };
        mime.setFrom(new InternetAddress(envelope.from(), envelope.fromName(), StandardCharsets.UTF_8.name()));
        mime.setRecipient(Message.RecipientType.TO, new InternetAddress(envelope.to()));
        if (envelope.replyTo() != null) {
            mime.setReplyTo(new Address[]{new InternetAddress(envelope.replyTo())});
        }
        mime.setSubject(envelope.subject(), StandardCharsets.UTF_8.name());
        mime.setSentDate(new Date());
        MimeBodyPart text = new MimeBodyPart();
        text.setText(envelope.text() == null ? "" : envelope.text(), StandardCharsets.UTF_8.name(), "plain");
        MimeMultipart alternative = new MimeMultipart("alternative");
        alternative.addBodyPart(text);
        if (envelope.html() != null) {
            MimeBodyPart html = new MimeBodyPart();
            html.setText(envelope.html(), StandardCharsets.UTF_8.name(), "html");
            alternative.addBodyPart(html);
        }
        mime.setContent(alternative);
        if (envelope.purpose().needsGrant() && envelope.unsubscribeUrl() != null) {
            mime.setHeader("List-Unsubscribe", "<" + envelope.unsubscribeUrl() + ">");
            mime.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }
        mime.setHeader("X-Footbridge-Message", envelope.messageId().toString());
        mime.saveChanges();
        return mime;
    }

    private Transport transport() throws MessagingException {
        Connection connection = connections.get();
        if (connection != null && (System.nanoTime() - connection.lastUsed > IDLE_NANOS
                || !connection.transport.isConnected())) {
            close();
            connection = null;
        }
        if (connection == null) {
            Transport transport = settings.getSession().getTransport(settings.getProtocol() == null ? "smtp"
                    : settings.getProtocol());
            transport.connect(settings.getHost(), settings.getPort(), settings.getUsername(), settings.getPassword());
            connection = new Connection(transport);
            connections.set(connection);
        }
        return connection.transport;
    }

    private void close() {
        Connection connection = connections.get();
        connections.remove();
        if (connection != null) {
            try {
                connection.transport.close();
            } catch (MessagingException ignored) {
                // it was broken already
            }
        }
    }

    /** The server's own answer, if it gave one: a 5xx about the recipient is the address's fault, a 4xx may pass. */
    private static Delivery classify(MessagingException e) {
        boolean invalidAddress = false;
        int depth = 0;
        for (Throwable t = e; t != null && depth++ < 20; t = next(t)) {
            if (t instanceof SMTPAddressFailedException address) {
                return address.getReturnCode() >= 500
                        ? new Delivery.Failed("the recipient was refused (" + address.getReturnCode() + ")", true)
                        : new Delivery.Retry("the recipient was deferred (" + address.getReturnCode() + ")", null);
            }
            if (t instanceof SMTPSendFailedException send) {
                return send.getReturnCode() >= 500
                        ? new Delivery.Failed("the server refused the message (" + send.getReturnCode() + ")", false)
                        : new Delivery.Retry("the server deferred the message (" + send.getReturnCode() + ")", null);
            }
            invalidAddress |= t instanceof SendFailedException failed && failed.getInvalidAddresses() != null
                    && failed.getInvalidAddresses().length > 0;
        }
        return invalidAddress ? new Delivery.Failed("the recipient address is invalid", true) : null;
    }

    private static Throwable next(Throwable t) {
        if (t instanceof MessagingException m && m.getNextException() != null && m.getNextException() != t) {
            return m.getNextException();
        }
        return t.getCause() == t ? null : t.getCause();
    }
}
