package io.footbridge.loyalty.ledger;

import io.footbridge.loyalty.LoyaltyMembers;
import io.footbridge.platform.PersonalData;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A person's club memberships (by their loyalty numbers) for export and erasure. Erasure detaches the member: the
 * ledger keeps its points for the programme's figures, but no number ties it to anyone.
 */
@Component
class LoyaltyPersonalData implements PersonalData {

    record Export(String loyaltyId, LoyaltyMembers.Member balances, List<LoyaltyMembers.Entry> ledger) {
    }

    private final LoyaltyRepository repository;
    private final Members members;

    LoyaltyPersonalData(LoyaltyRepository repository, Members members) {
        this.repository = repository;
        this.members = members;
    }

    @Override
    public String section() {
        return "loyalty";
    }

    @Override
    public Object export(Person person) {
        List<Export> exported = new ArrayList<>();
        for (LoyaltyRepository.Member member : held(person)) {
            exported.add(new Export(member.loyaltyId(), members.view(person.tenantId(), member),
                    repository.entries(member.id(), 100_000).stream().map(Members::entry).toList()));
        }
        return exported.isEmpty() ? null : exported;
    }

    @Override
    public void erase(Person person) {
        held(person).forEach(member -> repository.detach(person.tenantId(), member.id()));
    }

    private List<LoyaltyRepository.Member> held(Person person) {
        return person.values("loyaltyId").stream().map(number -> repository.member(person.tenantId(), number))
                .flatMap(Optional::stream).toList();
    }
}
