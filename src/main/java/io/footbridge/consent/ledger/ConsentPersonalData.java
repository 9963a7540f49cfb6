package io.footbridge.consent.ledger;

import io.footbridge.consent.gate.ContactRepository;
import io.footbridge.consent.gate.SuppressionRepository;
import io.footbridge.platform.PersonalData;
import io.footbridge.platform.Signatures;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The consent module's part of a person's data: every ledger line with its wording and proof, and the suppressions
 * of their addresses. Erasing keeps the lines, so opt-in rates stay true, but under a keyed digest of what they were
 * about and without their proof (addresses, devices).
 */
@Component
class ConsentPersonalData implements PersonalData {

    private final LedgerRepository ledger;
    private final SuppressionRepository suppressions;
    private final ContactRepository contacts;
    private final Signatures signatures;

    ConsentPersonalData(LedgerRepository ledger, SuppressionRepository suppressions, ContactRepository contacts,
                        Signatures signatures) {
        this.ledger = ledger;
        this.suppressions = suppressions;
        this.contacts = contacts;
        this.signatures = signatures;
    }

    @Override
    public String section() {
        return "consents";
    }

    @Override
    public Object export(Person person) {
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("ledger", ledger.history(person.tenantId(), subjects(person), 100_000));
        section.put("suppressions", suppressions.of(person.tenantId(), addresses(person)));
        return section;
    }

    @Override
    public void erase(Person person) {
        for (String subject : subjects(person)) {
            ledger.anonymise(person.tenantId(), subject, signatures.digest("consent-subject", subject));
            ledger.forgetConfirmations(person.tenantId(), subject);
            contacts.forget(person.tenantId(), subject, "erased:" + signatures.digest("consent-subject", subject));
        }
        suppressions.deleteAll(person.tenantId(), addresses(person));
    }

    @Override
    public int erasureOrder() {
        return 20;
    }

    private static Set<String> subjects(Person person) {
        Set<String> subjects = new LinkedHashSet<>();
        person.profileIds().forEach(id -> subjects.add(People.profileSubject(id)));
        person.identifiers().forEach(i -> subjects.add(People.identifierSubject(i.type(), i.value())));
        return subjects;
    }

    private static List<String> addresses(Person person) {
        return person.identifiers().stream().map(Identifier::value).toList();
    }
}
