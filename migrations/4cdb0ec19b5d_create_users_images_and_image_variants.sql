-- Tessera migration
-- revision: 4cdb0ec19b5d
-- down_revision: none
-- message: create users, images and image_variants
-- created: 2026-11-25T04:15:28Z

-- upgrade
CREATE TABLE users (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    email text NOT NULL,
    hashed_password text NOT NULL,
    full_name text,
    is_active boolean NOT NULL DEFAULT true,
    is_superuser boolean NOT NULL DEFAULT false,
    email_verified boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT users_pkey PRIMARY KEY (id)
);
CREATE INDEX ix_users_created_at ON users (created_at);
CREATE UNIQUE INDEX ux_users_email_lower ON users (lower(email));

CREATE TABLE images (
    id uuid NOT NULL DEFAULT gen_random_uuid(),
    owner_id uuid NOT NULL,
    original_filename text NOT NULL,
    content_type text NOT NULL,
    size_bytes bigint NOT NULL,
    width integer NOT NULL,
    height integer NOT NULL,
    status text NOT NULL DEFAULT 'pending',
    error text,
    storage_key text NOT NULL,
    task_id uuid,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT images_pkey PRIMARY KEY (id),
    CONSTRAINT images_storage_key_key UNIQUE (storage_key),
    CONSTRAINT images_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE
);
CREATE INDEX ix_images_owner_created ON images (owner_id, created_at, id);

CREATE TABLE image_variants (
    image_id uuid NOT NULL,
    name text NOT NULL,
    width integer NOT NULL,
    height integer NOT NULL,
    format text NOT NULL,
    size_bytes bigint NOT NULL,
    storage_key text NOT NULL,
    CONSTRAINT image_variants_pkey PRIMARY KEY (image_id, name),
    CONSTRAINT image_variants_storage_key_key UNIQUE (storage_key),
    CONSTRAINT image_variants_image_id_fkey FOREIGN KEY (image_id) REFERENCES images (id) ON DELETE CASCADE
);

-- downgrade
DROP TABLE image_variants;

DROP TABLE images;

DROP TABLE users;
