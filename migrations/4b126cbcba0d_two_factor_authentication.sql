-- Tessera migration
-- revision: 4b126cbcba0d
-- down_revision: da4d366feb3c
-- message: two-factor authentication
-- created: 2026-12-05T00:02:24Z

-- upgrade
ALTER TABLE users ADD COLUMN totp_secret text;

CREATE TABLE recovery_codes (
    user_id uuid NOT NULL,
    code_digest text NOT NULL,
    CONSTRAINT recovery_codes_pkey PRIMARY KEY (user_id, code_digest),
    CONSTRAINT recovery_codes_user_id_fkey FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);

-- downgrade
DROP TABLE recovery_codes;

ALTER TABLE users DROP COLUMN totp_secret;
