package io.footbridge.platform.store;

import io.footbridge.platform.Actor;
import io.footbridge.platform.FieldError;
import io.footbridge.platform.OpeningHours;
import io.footbridge.platform.ProblemException;
import io.footbridge.platform.RequestChecks;
import io.footbridge.platform.StoreSetup;
import jakarta.validation.Validator;
import org.springframework.stereotype.Service;

import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Stores for staff pages, through the service the API uses. */
@Service
class StoreSetupService implements StoreSetup {

    private static final Pattern INTERVAL = Pattern.compile("\\s*(\\d{1,2}:\\d{2})\\s*[-–]\\s*(\\d{1,2}:\\d{2})\\s*");
    private static final Pattern INDEXED = Pattern.compile("openingHours\\[(\\d+)].*");

    private final StoreService stores;
    private final Validator validator;

    StoreSetupService(StoreService stores, Validator validator) {
        this.stores = stores;
        this.validator = validator;
    }

    @Override
    public List<StoreDetails> list(Actor actor, int limit, int offset) {
        return stores.list(actor, false, limit, offset).stream().map(StoreSetupService::view).toList();
    }

    @Override
    public StoreDetails get(Actor actor, UUID id) {
        return view(stores.get(actor, id));
    }

    @Override
    public StoreDetails create(Actor actor, StoreForm store) {
        List<OpeningHours> hours = hours(store.hours());
        return view(byDay(hours, () -> stores.create(actor, request(store, null, null, hours))));
    }

    @Override
    public StoreDetails change(Actor actor, UUID id, StoreForm store) {
        Store current = stores.get(actor, id);
        Store.Address a = current.address();
        StoreRequest.AddressRequest address = new StoreRequest.AddressRequest(a.line1(), a.line2(), a.city(),
                a.postcode(), a.region());
        List<OpeningHours> hours = store.hours() == null ? current.openingHours() : hours(store.hours());
        return view(byDay(hours, () -> stores.update(actor, id, request(store, address, current, hours))));
    }

    private StoreRequest request(StoreForm form, StoreRequest.AddressRequest address, Store current,
                                 List<OpeningHours> hours) {
        return RequestChecks.valid(validator, new StoreRequest(strip(form.code()), strip(form.name()), address,
                strip(form.country()), strip(form.timeZone()), strip(form.currency()),
                current == null ? null : current.latitude(), current == null ? null : current.longitude(), hours));
    }

    /** A day's text as intervals; what cannot be read is reported on that day's field. */
    private static List<OpeningHours> hours(Map<DayOfWeek, String> days) {
        List<OpeningHours> hours = new ArrayList<>();
        List<FieldError> errors = new ArrayList<>();
        if (days == null) {
            return hours;
        }
        for (DayOfWeek day : DayOfWeek.values()) {
            String text = days.get(day);
            if (text == null || text.isBlank()) {
                continue;
            }
            for (String part : text.split(",")) {
                Matcher interval = INTERVAL.matcher(part);
                if (!interval.matches()) {
                    errors.add(new FieldError(field(day), "must be times such as 10:00-13:00, 14:00-18:00"));
                    break;
                }
                hours.add(new OpeningHours(day.name().toLowerCase(Locale.ROOT), padded(interval.group(1)),
                        padded(interval.group(2))));
            }
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        return hours;
    }

    /** The service names an interval by its place in the list; the form has a field per weekday. */
    private static Store byDay(List<OpeningHours> hours, Supplier<Store> call) {
        try {
            return call.get();
        } catch (ProblemException problem) {
            if (problem.errors().stream().noneMatch(e -> INDEXED.matcher(e.field()).matches())) {
                throw problem;
            }
            List<FieldError> errors = problem.errors().stream().map(e -> {
                Matcher indexed = INDEXED.matcher(e.field());
                return indexed.matches() ? new FieldError(field(hours.get(Integer.parseInt(indexed.group(1)))
                        .weekday()), e.reason()) : e;
            }).toList();
            throw ProblemException.invalid(errors);
        }
    }

    private static String field(DayOfWeek day) {
        return "hours." + day.name().toLowerCase(Locale.ROOT);
    }

    private static String padded(String time) {
        return time.length() == 4 ? "0" + time : time;
    }

    private static StoreDetails view(Store s) {
        Map<DayOfWeek, String> hours = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            hours.put(day, s.openingHours().stream().filter(h -> h.weekday() == day)
                    .map(h -> h.opens() + "-" + h.closes()).collect(Collectors.joining(", ")));
        }
        return new StoreDetails(s.id(), s.code(), s.name(), s.address() == null ? null : s.address().city(),
                s.country(), s.timeZone(), s.currency(), s.createdAt(), s.archivedAt(), hours);
    }

    private static String strip(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
