package io.footbridge.messaging;

import io.footbridge.consent.Channel;
import io.footbridge.platform.Actor;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The service inbox: what customers wrote by SMS and WhatsApp that was not a keyword, one conversation per person and
 * channel, answered through the {@code inbox.reply} template as a service message on the same channel. The API and
 * the console both work through it. Problems come as {@link io.footbridge.platform.ProblemException}s.
 */
public interface Inbox {

    List<String> STATUSES = List.of("open", "answered", "closed");
    /** The longest reply, as the channels carry it. */
    int MAX_REPLY = 1600;

    record Item(UUID id, Channel channel, String address, UUID profileId, String status, int messages, int replies,
                String lastText, Instant lastMessageAt, Instant answeredAt, Instant closedAt, Instant createdAt) {
    }

    /**
     * One message of a conversation: {@code in} from the customer (with the keyword, when it was one), {@code out}
     * from us (any message on the channel to that address: inbox replies, receipts, campaigns) with its status.
     */
    record Line(String direction, UUID id, Instant at, String text, String kind, Integer media, String keyword,
                String status, String origin, String template) {
    }

    record Conversation(Item item, List<Line> messages) {
    }

    record Replied(UUID messageId, String status, boolean duplicate, Item item) {
    }

    /** The conversation with the newest customer message first, those before {@code before} (null: from now). */
    List<Item> list(Actor actor, String status, Channel channel, Instant before, int limit);

    /** A conversation, oldest message first. */
    Conversation get(Actor actor, UUID id);

    /**
     * Queues a reply on the conversation's channel; refused with 422 {@code message-blocked} when the consent gate
     * says no. The same {@code idempotencyKey} (null: none) answers with the first reply.
     */
    Replied reply(Actor actor, UUID id, String text, String idempotencyKey);

    /** Closes it; the customer's next message opens it again. */
    Item close(Actor actor, UUID id);
}
