-- Tessera migration
-- revision: 4cdb0ec19b5d
-- down_revision: none
-- message: m
-- author: x

CREATE TABLE t (a int);
-- upgrade

-- downgrade
