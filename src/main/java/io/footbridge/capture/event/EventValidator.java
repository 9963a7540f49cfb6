package io.footbridge.capture.event;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.footbridge.capture.touchpoint.Touchpoint;
import io.footbridge.capture.touchpoint.Touchpoints;
import io.footbridge.platform.Actor;
import io.footbridge.platform.FieldError;
import io.footbridge.platform.JsonErrors;
import io.footbridge.platform.StoreRef;
import io.footbridge.platform.Stores;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Checks one incoming event against the catalogue, the tenant's stores and touchpoints and the caller's store
 * binding. Every problem is reported with its field, not just the first. Stores and touchpoints are cached briefly
 * because every event names one.
 */
@Component
class EventValidator {

    sealed interface Outcome permits Valid, Invalid {
    }

    record Valid(ValidatedEvent event) implements Outcome {
    }

    record Invalid(String eventId, List<FieldError> errors) implements Outcome {
    }

    private record Key(UUID tenantId, String code) {
    }

    private final JsonMapper json;
    private final Validator validator;
    private final Stores stores;
    private final Touchpoints touchpoints;
    private final CustomEventTypes customTypes;
    private final CaptureProperties properties;
    private final Cache<Key, Touchpoint> touchpointCache = Caffeine.newBuilder()
            .expireAfterWrite(Duration.ofSeconds(30)).maximumSize(100_000).build();

    EventValidator(JsonMapper json, Validator validator, Stores stores, Touchpoints touchpoints,
                   CustomEventTypes customTypes, CaptureProperties properties) {
        this.json = json;
        this.validator = validator;
        this.stores = stores;
        this.touchpoints = touchpoints;
        this.customTypes = customTypes;
        this.properties = properties;
    }

    Outcome validate(Actor actor, JsonNode item, String fallbackEventId, Instant now) {
        return validate(actor, item, fallbackEventId, now, false);
    }

    /** @param history true for past events written in bulk, which may be older than the API's lateness window */
    Outcome validate(Actor actor, JsonNode item, String fallbackEventId, Instant now, boolean history) {
        String rawEventId = item != null && item.path("eventId").isString() ? item.path("eventId").asString() : null;
        if (item == null || !item.isObject()) {
            return new Invalid(rawEventId, List.of(new FieldError("event", "must be a JSON object")));
        }
        EventInput input;
        try {
            input = json.treeToValue(item, EventInput.class);
        } catch (JacksonException unreadable) {
            return new Invalid(rawEventId, List.of(JsonErrors.describe(unreadable, "event")));
        }
        List<FieldError> errors = new ArrayList<>();
        validator.validate(input).stream()
                .sorted(Comparator.comparing(v -> v.getPropertyPath().toString()))
                .forEach((ConstraintViolation<EventInput> v) ->
                        errors.add(new FieldError(v.getPropertyPath().toString(), v.getMessage())));

        String eventId = input.eventId() != null ? input.eventId() : fallbackEventId;
        if (eventId == null || eventId.isBlank()) {
            errors.add(new FieldError("eventId", "is required (or send an Idempotency-Key header)"));
        }
        String timeProblem = input.occurredAt() == null ? null : history
                ? properties.futureProblem(input.occurredAt(), now)
                : properties.occurredAtProblem(input.occurredAt(), now);
        if (timeProblem != null) {
            errors.add(new FieldError("occurredAt", timeProblem));
        }
        Optional<EventTypeSpec> spec = input.type() == null ? Optional.empty()
                : EventCatalogue.builtIn(input.type()).or(() -> customTypes.find(actor.tenantId(), input.type()));
        if (input.type() != null && spec.isEmpty()) {
            errors.add(new FieldError("type", "is not a known event type; see GET /api/v1/event-types"));
        }

        UUID storeId = resolveStore(actor, input, errors);
        UUID touchpointId = null;
        if (input.touchpoint() != null) {
            Touchpoint touchpoint = touchpointCache.get(new Key(actor.tenantId(), input.touchpoint()),
                    key -> touchpoints.findByCode(key.tenantId(), key.code()).orElse(null));
            if (touchpoint == null || touchpoint.archivedAt() != null) {
                errors.add(new FieldError("touchpoint", "is not an active touchpoint of this tenant"));
            } else if (storeId != null && touchpoint.storeId() != null && !touchpoint.storeId().equals(storeId)) {
                errors.add(new FieldError("touchpoint", "belongs to store " + touchpoint.storeCode()
                        + ", not to " + input.store()));
            } else {
                touchpointId = touchpoint.id();
                if (storeId == null && touchpoint.storeId() != null) {
                    if (actor.canAccessStore(touchpoint.storeId())) {
                        storeId = touchpoint.storeId();
                    } else {
                        errors.add(new FieldError("touchpoint", "belongs to a store your key is not bound to"));
                    }
                }
            }
        }

        JsonNode props = input.properties() == null || input.properties().isNull()
                ? json.createObjectNode() : input.properties();
        if (spec.isPresent()) {
            EventTypeSpec type = spec.get();
            if (type.requiresStore() && storeId == null && errors.stream().noneMatch(e -> e.field().equals("store"))) {
                errors.add(new FieldError("store", "is required for " + type.name() + " events"));
            }
            if (!type.identifiersAnyOf().isEmpty() && !hasAny(input.identifiers(), type)) {
                errors.add(new FieldError("identifiers", "needs at least one of "
                        + String.join(", ", type.identifiersAnyOf().stream().sorted().toList())
                        + " for " + type.name() + " events"));
            }
            checkProperties(type, props, errors);
        } else if (!props.isObject()) {
            errors.add(new FieldError("properties", "must be a JSON object"));
        }
        if (!errors.isEmpty()) {
            return new Invalid(eventId, errors);
        }
        JsonNode identifiers = item.get("identifiers");
        return new Valid(new ValidatedEvent(eventId, input.type(), input.occurredAt(), storeId, touchpointId,
                identifiers == null || identifiers.isNull() ? null : identifiers.toString(), props.toString()));
    }

    private UUID resolveStore(Actor actor, EventInput input, List<FieldError> errors) {
        if (input.store() == null) {
            // a till's key is bound to its store, so its events need not repeat it
            return !actor.allStores() && actor.storeIds().size() == 1 ? actor.storeIds().iterator().next() : null;
        }
        // Stores keeps the one store cache, forgotten when a store changes
        StoreRef store = stores.findByCode(actor.tenantId(), input.store()).orElse(null);
        if (store == null || store.archived()) {
            errors.add(new FieldError("store", "is not an active store of this tenant"));
            return null;
        }
        if (!actor.canAccessStore(store.id())) {
            errors.add(new FieldError("store", "is not a store your credentials are bound to"));
            return null;
        }
        return store.id();
    }

    private static boolean hasAny(EventInput.Identifiers identifiers, EventTypeSpec type) {
        if (identifiers == null) {
            return false;
        }
        for (String name : type.identifiersAnyOf()) {
            String value = switch (name) {
                case "email" -> identifiers.email();
                case "phone" -> identifiers.phone();
                case "loyaltyId" -> identifiers.loyaltyId();
                case "anonymousId" -> identifiers.anonymousId();
                case "deviceId" -> identifiers.deviceId();
                default -> null;
            };
            if (value != null && !value.isBlank()) {
                return true;
            }
        }
        return false;
    }

    /** One request's time for the patterns of tenant schemas: open it around all the items the request checks. */
    BoundedRegularExpressions.Budget patternBudget() {
        return customTypes.patternBudget();
    }

    private void checkProperties(EventTypeSpec type, JsonNode props, List<FieldError> errors) {
        if (!props.isObject()) {
            errors.add(new FieldError("properties", "must be a JSON object"));
            return;
        }
        if (props.toString().length() > properties.maxPropertiesSize().toBytes()) {
            errors.add(new FieldError("properties", "is larger than " + properties.maxPropertiesSize().toBytes()
                    + " bytes"));
            return;
        }
        if (type.custom()) {
            try {
                type.schema().validate(props).forEach(error -> errors.add(new FieldError(
                        "properties" + error.getInstanceLocation().toString().replaceFirst("^\\$", "").replace('/', '.'),
                        error.getMessage())));
            } catch (BoundedRegularExpressions.TooSlow tooSlow) {
                errors.add(new FieldError("properties", "could not be checked against the " + type.name()
                        + " schema in time: " + (tooSlow.budgetSpent()
                        ? "this request's time for schema patterns is used up; send it again in a smaller batch"
                        : "one of its patterns is too slow for this value")));
            }
            return;
        }
        for (EventTypeSpec.PropertySpec property : type.properties()) {
            JsonNode value = props.get(property.name());
            String field = "properties." + property.name();
            if (value == null || value.isNull()) {
                if (property.required()) {
                    errors.add(new FieldError(field, "is required for " + type.name() + " events"));
                }
                continue;
            }
            String kindError = switch (property.kind()) {
                case STRING -> value.isString() ? null : "must be a string";
                case INTEGER -> value.isIntegralNumber() ? null : "must be an integer";
                case NUMBER -> value.isNumber() ? null : "must be a number";
                case BOOLEAN -> value.isBoolean() ? null : "must be true or false";
                case OBJECT -> value.isObject() ? null : "must be an object";
                case ARRAY -> value.isArray() ? null : "must be an array";
            };
            if (kindError != null) {
                errors.add(new FieldError(field, kindError));
            } else if (property.kind() == EventTypeSpec.Kind.INTEGER && property.min() != null
                    && (!value.canConvertToLong() || value.asLong() < property.min() || value.asLong() > property.max())) {
                errors.add(new FieldError(field, "must be between " + property.min() + " and " + property.max()));
            }
        }
    }
}
