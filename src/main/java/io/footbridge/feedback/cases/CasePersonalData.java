package io.footbridge.feedback.cases;

import io.footbridge.platform.PersonalData;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A person's complaint cases. Erasing keeps each case's store, status, times and score (how many complaints, how
 * fast they were resolved), and removes who complained, what they said, the answer they got, the status page and
 * the words of staff's notes, which may name them.
 */
@Component
class CasePersonalData implements PersonalData {

    record Exported(String reference, String store, String status, String subject, String description,
                    String customerMessage, Instant openedAt, Instant resolvedAt) {
    }

    private final CaseRepository repository;
    private final Stores stores;

    CasePersonalData(CaseRepository repository, Stores stores) {
        this.repository = repository;
        this.stores = stores;
    }

    @Override
    public String section() {
        return "cases";
    }

    @Override
    public Object export(Person person) {
        List<CaseRepository.StoredCase> found = cases(person);
        return found.isEmpty() ? null : found.stream().map(c -> new Exported(c.reference(), c.storeId() == null ? null
                : stores.findById(c.tenantId(), c.storeId()).map(StoreRef::code).orElse(null), c.status().value(),
                c.subject(), c.description(), c.customerMessage(), c.openedAt(), c.resolvedAt())).toList();
    }

    @Override
    public void erase(Person person) {
        List<UUID> ids = cases(person).stream().map(CaseRepository.StoredCase::id).toList();
        if (!ids.isEmpty()) {
            repository.erase(person.tenantId(), ids, Instant.now());
            repository.eraseNotes(person.tenantId(), ids);
        }
    }

    private List<CaseRepository.StoredCase> cases(Person person) {
        Set<UUID> profiles = new HashSet<>(person.profileIds());
        profiles.add(person.rootId());
        return repository.ofPerson(person.tenantId(), profiles, person.values("email"), person.values("phone"),
                person.values("loyaltyId"));
    }
}
