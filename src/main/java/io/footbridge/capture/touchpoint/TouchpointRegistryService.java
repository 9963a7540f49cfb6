package io.footbridge.capture.touchpoint;

import io.footbridge.capture.TouchpointRegistry;
import io.footbridge.platform.Actor;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.RequestChecks;
import io.footbridge.platform.Stores;
import jakarta.validation.Validator;
import org.springframework.stereotype.Service;

import java.util.List;
import java.util.Locale;

/** Touchpoints for staff pages, through the registry the API uses. */
@Service
class TouchpointRegistryService implements TouchpointRegistry {

    private final Touchpoints touchpoints;
    private final Stores stores;
    private final Validator validator;

    TouchpointRegistryService(Touchpoints touchpoints, Stores stores, Validator validator) {
        this.touchpoints = touchpoints;
        this.stores = stores;
        this.validator = validator;
    }

    @Override
    public List<TouchpointRegistry.Touchpoint> list(Actor actor, String storeCode, int limit, int offset) {
        if (storeCode != null) {
            actor.requireStore(stores.requireByCode(actor.tenantId(), storeCode).id());
        }
        // a store-bound caller sees their stores' touchpoints and the online ones, never another store's
        return touchpoints.list(actor, storeCode, false, limit, offset).stream()
                .filter(t -> t.storeId() == null || actor.canAccessStore(t.storeId()))
                .map(TouchpointRegistryService::view).toList();
    }

    @Override
    public TouchpointRegistry.Touchpoint create(Actor actor, NewTouchpoint touchpoint) {
        TouchpointType type = pick(touchpoint.type(), TYPES, "type", TouchpointType.class);
        JourneyStage stage = pick(touchpoint.stage(), STAGES, "stage", JourneyStage.class);
        TouchpointRequest request = RequestChecks.valid(validator, new TouchpointRequest(touchpoint.code(), type,
                touchpoint.store() == null || touchpoint.store().isBlank() ? null : touchpoint.store(),
                touchpoint.label(), stage));
        return view(touchpoints.create(actor, request));
    }

    private static <E extends Enum<E>> E pick(String value, List<String> allowed, String field, Class<E> type) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!allowed.contains(value)) {
            throw ProblemException.invalid(field, "must be one of " + String.join(", ", allowed));
        }
        return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
    }

    private static TouchpointRegistry.Touchpoint view(io.footbridge.capture.touchpoint.Touchpoint t) {
        return new TouchpointRegistry.Touchpoint(t.id(), t.code(), t.type().value(), t.storeCode(), t.label(),
                t.stage().value(), t.createdAt());
    }
}
