package io.footbridge.feedback.survey;

import io.footbridge.identity.IdentifierNormaliser;
import io.footbridge.identity.IdentifierType;
import io.footbridge.identity.IdentityGraph;
import io.footbridge.identity.Normalised;
import io.footbridge.platform.StoreRef;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Who answers a survey: identifiers as given, normalised in the store's country, and the profile they lead to. */
@Component
class SurveyRespondents {

    private final IdentityGraph identity;
    private final IdentifierNormaliser normaliser;
    private final JsonMapper json;

    SurveyRespondents(IdentityGraph identity, IdentifierNormaliser normaliser, JsonMapper json) {
        this.identity = identity;
        this.normaliser = normaliser;
        this.json = json;
    }

    /** Someone who followed the open link: nobody known yet, only the store it was put up in. */
    Responses.Respondent anonymous(StoreRef store) {
        return new Responses.Respondent(store == null ? null : store.id(), "link", null, null, null, null, null, null,
                null, null, null, null, false);
    }

    /** The respondent behind identifiers as given: normalised to find their answers again, and their profile. */
    Responses.Respondent who(UUID tenantId, UUID storeId, StoreRef store, String source, String onceKey,
                             UUID receiptId, UUID invitationId, UUID profileId, Map<String, String> typed,
                             String channel, String address, boolean trusted) {
        String country = store == null ? null : store.country();
        String email = normalised(IdentifierType.EMAIL, typed.get("email"), country);
        String phone = normalised(IdentifierType.PHONE, typed.get("phone"), country);
        String loyalty = normalised(IdentifierType.LOYALTY_ID, typed.get("loyaltyId"), country);
        UUID profile = profileId;
        if (profile == null && loyalty != null) {
            profile = identity.findByIdentifier(tenantId, IdentifierType.LOYALTY_ID, loyalty).orElse(null);
        }
        if (profile == null && phone != null) {
            profile = identity.findByIdentifier(tenantId, IdentifierType.PHONE, phone).orElse(null);
        }
        if (profile == null && email != null) {
            profile = identity.findByIdentifier(tenantId, IdentifierType.EMAIL, email).orElse(null);
        }
        ObjectNode identifiers = json.createObjectNode();
        typed.forEach(identifiers::put);
        return new Responses.Respondent(storeId, source, onceKey, receiptId, invitationId, profile, email, phone,
                loyalty, identifiers.isEmpty() ? null : identifiers.toString(), address == null ? null : channel,
                address, trusted);
    }

    /**
     * An open survey's respondent who left an email or phone to be answered on, or empty when the contact is
     * neither.
     */
    Optional<Responses.Respondent> withContact(UUID tenantId, Responses.Respondent anonymous, StoreRef store,
                                               String contact) {
        String country = store == null ? null : store.country();
        boolean email = contact.contains("@");
        Normalised n = normaliser.normalise(email ? IdentifierType.EMAIL : IdentifierType.PHONE, contact, country);
        if (!n.usable()) {
            return Optional.empty();
        }
        Map<String, String> typed = Map.of(email ? "email" : "phone", contact);
        return Optional.of(who(tenantId, anonymous.storeId(), store, "link", null, null, null, null, typed,
                email ? "email" : "sms", n.value(), false));
    }

    private String normalised(IdentifierType type, String raw, String country) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        Normalised n = normaliser.normalise(type, raw, country);
        return n.usable() ? n.value() : null;
    }
}
