package io.footbridge.messaging.channel;

import io.footbridge.consent.Channel;

/**
 * Where messages go when no provider is set up: nowhere. The message, as it would have been sent, stays in the
 * database for staff to look at ({@code GET /api/v1/messages?provider=outbox}), so everything up to the wire can be
 * tried out without sending anything to anyone.
 */
class DevOutbox implements Provider {

    private final Channel channel;

    DevOutbox(Channel channel) {
        this.channel = channel;
    }

    @Override
    public String name() {
        return "outbox";
    }

    @Override
    public Channel channel() {
        return channel;
    }

    @Override
    public Delivery send(Envelope envelope) {
        return new Delivery.Accepted("outbox-" + envelope.messageId(), true);
    }
}
