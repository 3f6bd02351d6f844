-- Tessera migration
-- revision: 111111111111
-- down_revision: none
-- message: m
-- upgrade
CREATE INDEX i ON t (a);
-- downgrade
DROP INDEX i;