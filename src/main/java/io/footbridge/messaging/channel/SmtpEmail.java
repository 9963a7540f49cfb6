package io.footbridge.messaging.channel;

import io.footbridge.consent.Channel;
import io.footbridge.consent.Purpose;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;

import java.io.UnsupportedEncodingException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Email over SMTP ({@code spring.mail.*}). A marketing email carries List-Unsubscribe and List-Unsubscribe-Post
 * (RFC 8058), so mail clients offer one-click unsubscribe. The Message-ID is the message's own id, so a mail log
 * or a bounce can be traced back to it.
 */
class SmtpEmail implements Provider {

    private final JavaMailSenderImpl sender;

    SmtpEmail(JavaMailSenderImpl sender) {
        this.sender = sender;
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
        String messageId = "<" + envelope.messageId() + "@footbridge>";
        try {
            MimeMessage mime = new MimeMessage(sender.getSession()) {
                @Override
                protected void updateMessageID() throws MessagingException {
                    setHeader("Message-ID", messageId);
                }
            };
            MimeMessageHelper helper = new MimeMessageHelper(mime, true, StandardCharsets.UTF_8.name());
            helper.setFrom(new InternetAddress(envelope.from(), envelope.fromName(), StandardCharsets.UTF_8.name()));
            helper.setTo(envelope.to());
            if (envelope.replyTo() != null) {
                helper.setReplyTo(envelope.replyTo());
            }
            helper.setSubject(envelope.subject());
            helper.setText(envelope.text(), envelope.html());
            if (envelope.purpose() == Purpose.MARKETING && envelope.unsubscribeUrl() != null) {
                mime.setHeader("List-Unsubscribe", "<" + envelope.unsubscribeUrl() + ">");
                mime.setHeader("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
            }
            mime.setHeader("X-Footbridge-Message", envelope.messageId().toString());
            sender.send(mime);
            return new Delivery.Accepted(messageId, false);
        } catch (MessagingException | UnsupportedEncodingException e) {
            return new Delivery.Failed("the message could not be built: " + e.getClass().getSimpleName(), false);
        } catch (MailAuthenticationException e) {
            return new Delivery.Retry("the SMTP server refused our login", Duration.ofMinutes(5));
        } catch (MailSendException e) {
            return classify(e);
        } catch (MailException e) {
            return new Delivery.Retry("SMTP: " + e.getClass().getSimpleName(), null);
        }
    }

    /** A 5xx about the recipient is the address's fault; a 4xx, or no answer, may pass. */
    private static Delivery classify(MailSendException e) {
        for (Exception failed : e.getFailedMessages().values()) {
            for (Throwable t = failed; t != null; t = t.getCause()) {
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
                if (t instanceof SendFailedException sendFailed && sendFailed.getInvalidAddresses() != null
                        && sendFailed.getInvalidAddresses().length > 0) {
                    return new Delivery.Failed("the recipient address is invalid", true);
                }
            }
        }
        return new Delivery.Retry("SMTP: the server could not be reached or did not answer", null);
    }
}
