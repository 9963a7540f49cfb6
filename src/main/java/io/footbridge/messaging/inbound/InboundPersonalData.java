package io.footbridge.messaging.inbound;

import io.footbridge.consent.Channel;
import io.footbridge.platform.PersonalData;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * What people wrote to the tenant by SMS and WhatsApp. Exported as written; erasure removes who wrote and what, and
 * keeps that a message came in (the inbox's counts, a channel's volume).
 */
@Component
class InboundPersonalData implements PersonalData {

    record Written(UUID id, Channel channel, Instant receivedAt, String from, String kind, String text, int media,
                   String keyword) {
    }

    private final InboundRepository repository;

    InboundPersonalData(InboundRepository repository) {
        this.repository = repository;
    }

    @Override
    public String section() {
        return "inboundMessages";
    }

    @Override
    public Object export(Person person) {
        List<Written> written = repository.ofPerson(person.tenantId(), person.profileIds(), phones(person)).stream()
                .map(m -> new Written(m.id(), m.channel(), m.receivedAt(), m.from(), m.kind(), m.text(), m.media(),
                        m.keyword()))
                .toList();
        return written.isEmpty() ? null : written;
    }

    @Override
    public void erase(Person person) {
        List<String> phones = phones(person);
        repository.eraseItems(person.tenantId(), person.profileIds(), phones,
                Instant.now().truncatedTo(ChronoUnit.MICROS));
        repository.eraseMessages(person.tenantId(), person.profileIds(), phones);
    }

    private static List<String> phones(Person person) {
        return person.identifiers().stream().filter(i -> "phone".equals(i.type())).map(Identifier::value).toList();
    }
}
