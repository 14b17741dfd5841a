-- Flow-level settings from YAML flows (`ensure:` and `schedule:`), one row per flow.
CREATE TABLE flow_settings (
    flow             TEXT        PRIMARY KEY,
    timeout_ms       BIGINT,
    poll_interval_ms BIGINT,
    retry            JSONB,                  -- {"max_attempts","initial_ms","factor","max_ms"}
    schedule_cron    TEXT,
    schedule_zone    TEXT,
    source_file      TEXT,
    updated_at       TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX flow_settings_scheduled_idx ON flow_settings (flow) WHERE schedule_cron IS NOT NULL;
