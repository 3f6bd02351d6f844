-- Tessera migration
-- revision: 4cdb0ec19b5d
-- down_revision: 4cdb0ec19b5d
-- message: m

-- upgrade

-- downgrade
