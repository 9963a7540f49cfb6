-- An access point is bound to its tenant by a secret its owner puts into the controller: the portal key in the URL
-- (or, for UniFi, the host name) guests are sent to. Two tenants may register the same node; the key decides, and
-- nobody learns from a conflict which nodes another tenant has. Access points registered before get a key of their
-- own here; their controllers must be pointed at the new portal URL (docs/wifi-portal.md).
ALTER TABLE wifi_access_point ADD COLUMN portal_key VARCHAR(64);
UPDATE wifi_access_point SET portal_key = REPLACE(CAST(GEN_RANDOM_UUID() AS VARCHAR), '-', '');
ALTER TABLE wifi_access_point ALTER COLUMN portal_key SET NOT NULL;
-- openNDS: where the gateway lets guests online; the only host a guest is sent to with a grant token
ALTER TABLE wifi_access_point ADD COLUMN gateway_address VARCHAR(260);
ALTER TABLE wifi_access_point DROP CONSTRAINT wifi_access_point_node;
ALTER TABLE wifi_access_point ADD CONSTRAINT wifi_access_point_node UNIQUE (tenant_id, vendor, node);
CREATE INDEX wifi_access_point_key ON wifi_access_point (portal_key);
