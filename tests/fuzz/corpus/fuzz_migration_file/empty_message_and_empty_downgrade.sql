-- Tessera migration
-- revision: 0123456789ab
-- down_revision: 5c1e9b2a7d30
-- message:
-- created: 2026-11-25T10:00:00.5+01:00

-- upgrade
SELECT 1;

-- downgrade
