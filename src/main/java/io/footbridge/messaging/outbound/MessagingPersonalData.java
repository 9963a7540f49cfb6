package io.footbridge.messaging.outbound;

import io.footbridge.platform.PersonalData;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Messaging's part of a person's data: what was sent to them and what became of it. Erasing keeps each message as a
 * count (channel, purpose, status, times) without address or content; one still queued is never sent.
 */
@Component
class MessagingPersonalData implements PersonalData {

    private final MessageRepository repository;

    MessagingPersonalData(MessageRepository repository) {
        this.repository = repository;
    }

    record Sent(UUID id, String channel, String purpose, String to, String template, String subject, String text,
                String status, Instant createdAt, Instant sentAt, Instant deliveredAt, Instant openedAt,
                Instant clickedAt) {
    }

    @Override
    public String section() {
        return "messages";
    }

    @Override
    public Object export(Person person) {
        return messages(person).stream().map(m -> new Sent(m.id(), m.channel().value(), m.purpose().value(), m.to(),
                m.template(), m.subject(), m.text(), m.status(), m.createdAt(), m.sentAt(), m.deliveredAt(),
                m.openedAt(), m.clickedAt())).toList();
    }

    @Override
    public void erase(Person person) {
        repository.erase(person.tenantId(), messages(person).stream().map(Message::id).toList(), Instant.now());
    }

    @Override
    public int erasureOrder() {
        return 30;
    }

    private List<Message> messages(Person person) {
        return repository.of(person.tenantId(), person.profileIds(),
                person.identifiers().stream().map(PersonalData.Identifier::value).toList());
    }
}
