-- Tessera migration
-- revision: 9b9aa4510574
-- down_revision: 4cdb0ec19b5d
-- message: task outbox
-- created: 2026-12-04T19:00:38Z

-- upgrade
CREATE TABLE task_outbox (
    task_id uuid NOT NULL,
    queue text NOT NULL,
    envelope text NOT NULL,
    due timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT task_outbox_pkey PRIMARY KEY (task_id)
);
CREATE INDEX ix_task_outbox_created_at ON task_outbox (created_at);

-- downgrade
DROP TABLE task_outbox;
