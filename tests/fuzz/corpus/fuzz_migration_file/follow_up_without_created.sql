-- Tessera migration
-- revision: 5c1e9b2a7d30
-- down_revision: 4cdb0ec19b5d
-- message: add full_name to users

-- upgrade
ALTER TABLE users ADD COLUMN full_name text;

-- downgrade
ALTER TABLE users DROP COLUMN full_name;
