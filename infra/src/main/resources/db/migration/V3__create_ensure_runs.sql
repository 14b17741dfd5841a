-- Ensure runs (DESIGN.md §4): durable executions of a flow's triggers followed by evaluation until
-- passed / failed / deadline, their step trace, and the cron slots already fired.

CREATE TABLE ensure_runs (
    seq              BIGSERIAL   NOT NULL,          -- creation order: lists are newest first
    id               UUID        PRIMARY KEY,
    flow             TEXT        NOT NULL,
    state            TEXT        NOT NULL,          -- pending|triggering|waiting|passed|failed|timed_out|cancelled|error
    origin           TEXT        NOT NULL,          -- api|schedule|cli
    idempotency_key  TEXT,
    timeout_ms       BIGINT      NOT NULL,
    poll_interval_ms BIGINT      NOT NULL,
    retry            JSONB       NOT NULL,          -- {"max_attempts","initial_ms","factor","max_ms"}
    triggers         JSONB       NOT NULL,          -- trigger node ids in firing order
    outputs          JSONB       NOT NULL,          -- completed triggers' outputs by node id
    current_step     TEXT,
    attempt          INT         NOT NULL DEFAULT 0,
    evaluations      INT         NOT NULL DEFAULT 0,
    run_id           TEXT,
    trigger_ev_id    TEXT,
    last_result      JSONB,
    error            TEXT,
    deadline         TIMESTAMPTZ NOT NULL,
    -- When a poller should look next. A claim sets it to the lease expiry, so "due" is the single
    -- condition wake_at <= now: a run whose poller died becomes due again when its lease runs out.
    wake_at          TIMESTAMPTZ,
    lease_owner      TEXT,
    lease_until      TIMESTAMPTZ,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL,
    finished_at      TIMESTAMPTZ
);
-- a repeated start with the same key finds the flow's existing run
CREATE UNIQUE INDEX ensure_runs_key_idx ON ensure_runs (flow, idempotency_key) WHERE idempotency_key IS NOT NULL;
-- claims: unfinished runs by wake_at (lease expiry included, see wake_at)
CREATE INDEX ensure_runs_due_idx ON ensure_runs (wake_at) WHERE finished_at IS NULL;
CREATE INDEX ensure_runs_seq_idx ON ensure_runs (seq DESC);
CREATE INDEX ensure_runs_flow_seq_idx ON ensure_runs (flow, seq DESC);

-- Every step attempt: a trigger attempt (step_id = trigger node id) or an evaluation (step_id = 'evaluate').
-- Inputs never contain secret values.
CREATE TABLE ensure_steps (
    seq           BIGSERIAL   NOT NULL,          -- insertion order: the trace is listed in this order
    ensure_run_id UUID        NOT NULL REFERENCES ensure_runs (id) ON DELETE CASCADE,
    step_id       TEXT        NOT NULL,
    attempt       INT         NOT NULL,
    input         JSONB,
    output        JSONB,
    error         TEXT,
    started_at    TIMESTAMPTZ NOT NULL,
    finished_at   TIMESTAMPTZ,
    PRIMARY KEY (ensure_run_id, step_id, attempt)
);

-- One row per fired cron slot: the primary key makes a slot fire once, however many pollers race.
CREATE TABLE schedule_slots (
    flow          TEXT        NOT NULL,
    slot_time     TIMESTAMPTZ NOT NULL,
    ensure_run_id UUID        NOT NULL,
    fired_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (flow, slot_time)
);
