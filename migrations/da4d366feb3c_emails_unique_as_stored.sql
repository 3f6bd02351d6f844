-- Tessera migration
-- revision: da4d366feb3c
-- down_revision: 9b9aa4510574
-- message: emails unique as stored
-- created: 2026-12-04T21:37:32Z

-- upgrade
DROP INDEX ux_users_email_lower;

-- Stored emails in the one normalised form (ASCII letters lower-cased, as the server writes
-- them): rows written before that rule are brought to it. The old index on lower(email)
-- kept ASCII case variants unique, so none collide.
UPDATE users SET email = translate(email, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')
WHERE email <> translate(email, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz');

ALTER TABLE users ADD CONSTRAINT users_email_key UNIQUE (email);

-- downgrade
ALTER TABLE users DROP CONSTRAINT users_email_key;

CREATE UNIQUE INDEX ux_users_email_lower ON users (lower(email));
