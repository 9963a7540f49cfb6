package io.footbridge.messaging.channel;

import io.footbridge.consent.Channel;

/** Carries messages of one channel: an SMTP server, an SMS API, WhatsApp, or the development outbox. */
public interface Provider {

    /** The name kept with each message it carried: smtp, outbox, twilio, whatsapp. */
    String name();

    Channel channel();

    /** Hands the message over; called outside any transaction, at most once per message. */
    Delivery send(Envelope envelope);
}
