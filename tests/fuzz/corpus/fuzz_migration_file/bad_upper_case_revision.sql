-- Tessera migration
-- revision: 4CDB0EC19B5D
-- down_revision: none
-- message: m

-- upgrade

-- downgrade
