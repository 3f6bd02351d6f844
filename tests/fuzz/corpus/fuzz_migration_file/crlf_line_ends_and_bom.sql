-- Tessera migration
-- revision: 00000000000f
-- down_revision: none
-- message: windows editor

-- upgrade
CREATE TABLE t (a int);

-- downgrade
DROP TABLE t;
