-- The console's audit log is read by action, newest first: one tenant's entries of one action without a scan.
CREATE INDEX audit_log_tenant_action ON audit_log (tenant_id, action, id);
