-- A tenant's risk limits (copy.RiskLimits as JSON), checked for every follower account of the tenant
-- together with its links' and the account's own; the tightest applies (docs/copy-rules.md).
ALTER TABLE tenants ADD COLUMN risk TEXT;
