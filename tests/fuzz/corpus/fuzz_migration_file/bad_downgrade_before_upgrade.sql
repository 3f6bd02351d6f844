-- Tessera migration
-- revision: 4cdb0ec19b5d
-- down_revision: none
-- message: m

-- downgrade
DROP TABLE t;
-- upgrade
CREATE TABLE t (a int);
