package io.footbridge.messaging.push;

import io.footbridge.platform.PersonalData;
import org.springframework.stereotype.Component;

import java.net.URI;
import java.time.Instant;

/** The browsers that take push messages for the person: the push service's host and when; erasing removes them. */
@Component
class PushPersonalData implements PersonalData {

    private final PushRepository repository;

    PushPersonalData(PushRepository repository) {
        this.repository = repository;
    }

    record Browser(String pushService, Instant subscribedAt) {
    }

    @Override
    public String section() {
        return "pushSubscriptions";
    }

    @Override
    public Object export(Person person) {
        return repository.of(person.tenantId(), person.profileIds()).stream()
                .map(s -> new Browser(URI.create(s.endpoint()).getHost(), s.createdAt())).toList();
    }

    @Override
    public void erase(Person person) {
        repository.deleteOf(person.tenantId(), person.profileIds());
    }
}
