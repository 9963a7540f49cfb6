package io.footbridge.platform.store;

import io.footbridge.platform.Actor;
import io.footbridge.platform.RequestChecks;
import io.footbridge.platform.StoreSetup;
import jakarta.validation.Validator;
import org.springframework.stereotype.Service;

import java.util.List;
import java.util.UUID;

/** Stores for staff pages, through the service the API uses. */
@Service
class StoreSetupService implements StoreSetup {

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
        return view(stores.create(actor, request(store, null)));
    }

    @Override
    public StoreDetails change(Actor actor, UUID id, StoreForm store) {
        Store current = stores.get(actor, id);
        Store.Address a = current.address();
        StoreRequest.AddressRequest address = new StoreRequest.AddressRequest(a.line1(), a.line2(), a.city(),
                a.postcode(), a.region());
        return view(stores.update(actor, id, request(store, address, current)));
    }

    private StoreRequest request(StoreForm form, StoreRequest.AddressRequest address) {
        return RequestChecks.valid(validator, new StoreRequest(strip(form.code()), strip(form.name()), address,
                strip(form.country()), strip(form.timeZone()), strip(form.currency()), null, null));
    }

    private StoreRequest request(StoreForm form, StoreRequest.AddressRequest address, Store current) {
        return RequestChecks.valid(validator, new StoreRequest(strip(form.code()), strip(form.name()), address,
                strip(form.country()), strip(form.timeZone()), strip(form.currency()), current.latitude(),
                current.longitude()));
    }

    private static StoreDetails view(Store s) {
        return new StoreDetails(s.id(), s.code(), s.name(), s.address() == null ? null : s.address().city(),
                s.country(), s.timeZone(), s.currency(), s.createdAt(), s.archivedAt());
    }

    private static String strip(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
