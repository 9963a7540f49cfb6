package io.footbridge.platform;

import java.util.UUID;

/** The brand of a tenant, for the hosted pages of every module; defaults when the tenant set none. */
public interface Brands {

    Brand of(UUID tenantId);
}
