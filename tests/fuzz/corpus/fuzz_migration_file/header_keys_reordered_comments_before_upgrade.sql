-- Tessera migration
-- message:   trimmed message with tabs	inside  
-- created: 2026-12-01T08:30:00Z
-- down_revision: 0123456789ab
-- revision: abcdef012345

-- a comment before the sections
--another comment

-- upgrade


CREATE FUNCTION f() RETURNS int AS $$
  -- upgrade is only a marker on a line of its own
  SELECT 1
$$ LANGUAGE sql;
   
-- downgrade   
DROP FUNCTION f();
-- trailing comment
