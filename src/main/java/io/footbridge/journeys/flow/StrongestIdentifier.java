package io.footbridge.journeys.flow;

import io.footbridge.platform.Actor;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.Scope;
import io.footbridge.profile.CustomerView;
import io.footbridge.profile.Customers;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** The strongest identifier a person has, so that identity files an event journeys record under them. */
@Component
class StrongestIdentifier {

    private final Customers customers;

    StrongestIdentifier(Customers customers) {
        this.customers = customers;
    }

    /** Empty for a person who is gone (erased, unknown) or has no identifier left. */
    Optional<CustomerView.Identifier> of(UUID tenantId, UUID personId) {
        CustomerView view;
        try {
            view = customers.view(Actor.system(tenantId, "journeys", Set.of(Scope.PROFILES_READ)), personId);
        } catch (ProblemException gone) {
            return Optional.empty();
        }
        for (String type : List.of("loyaltyId", "email", "phone", "deviceId", "anonymousId")) {
            Optional<CustomerView.Identifier> identifier = view.identifiers().stream()
                    .filter(i -> i.type().equals(type) && !i.denied()).findFirst();
            if (identifier.isPresent()) {
                return identifier;
            }
        }
        return Optional.empty();
    }
}
