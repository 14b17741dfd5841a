-- Flowproof core schema: events (append-only), node definitions keyed by (flow, id),
-- stored evaluations, and the durable queue of runs waiting for auto-evaluation.

CREATE TABLE events (
    seq         BIGSERIAL   PRIMARY KEY,          -- arrival order; breaks ts ties
    id          UUID        NOT NULL,             -- server-generated event id
    flow        TEXT        NOT NULL,
    node_id     TEXT        NOT NULL,
    run_id      TEXT        NOT NULL,
    type        TEXT        NOT NULL,
    data        JSONB       NOT NULL,
    ts          BIGINT      NOT NULL,             -- nanoseconds since the epoch (beyond 2^53)
    received_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
-- evaluation loads one run's events in ts order
CREATE INDEX events_run_idx ON events (run_id, flow, ts, seq);
-- GET /v1/events pages newest first, optionally by flow and node
CREATE INDEX events_ts_idx ON events (ts DESC, seq DESC);
CREATE INDEX events_flow_ts_idx ON events (flow, ts DESC, seq DESC);
CREATE INDEX events_flow_node_ts_idx ON events (flow, node_id, ts DESC, seq DESC);

CREATE TABLE nodes (
    flow            TEXT        NOT NULL,
    id              TEXT        NOT NULL,
    seq             BIGSERIAL   NOT NULL,          -- creation order: deterministic evaluation order
    type            TEXT        NOT NULL,
    source          TEXT        NOT NULL,
    status          TEXT        NOT NULL DEFAULT 'active',
    description     TEXT,
    dep_ids         JSONB       NOT NULL DEFAULT '[]',
    filter          JSONB,
    validator       JSONB,
    conditions      JSONB,
    handler         TEXT,
    handler_input   JSONB,
    additional_meta JSONB,
    created_at      TIMESTAMPTZ NOT NULL,
    updated_at      TIMESTAMPTZ,
    deleted_at      TIMESTAMPTZ,
    PRIMARY KEY (flow, id)
);
CREATE INDEX nodes_id_idx ON nodes (id);

CREATE TABLE eval_outputs (
    seq           BIGSERIAL   PRIMARY KEY,         -- creation order: lists are newest first by seq
    id            UUID        NOT NULL UNIQUE,
    flow          TEXT        NOT NULL,
    run_id        TEXT,
    trigger_ev_id TEXT,
    status        TEXT        NOT NULL,            -- output.status, kept in a column for filtering
    output        JSONB       NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    updated_at    TIMESTAMPTZ,
    deleted_at    TIMESTAMPTZ
);
CREATE INDEX eval_outputs_flow_seq_idx ON eval_outputs (flow, seq DESC);
CREATE INDEX eval_outputs_run_idx ON eval_outputs (run_id, flow, seq DESC);
CREATE INDEX eval_outputs_trigger_idx ON eval_outputs (trigger_ev_id) WHERE trigger_ev_id IS NOT NULL;
CREATE INDEX eval_outputs_unfinished_idx ON eval_outputs (created_at DESC) WHERE status IN ('running', 'failed');

-- One row per (run, flow) waiting for auto-evaluation. Written in the ingest transaction, so an
-- acknowledged batch is always evaluated, even after a crash. `version` grows when another batch touches
-- the run before it is evaluated; a worker removes the row only if the version it evaluated is current.
CREATE TABLE pending_evaluations (
    run_id        TEXT        NOT NULL,
    flow          TEXT        NOT NULL,
    trigger_ev_id TEXT,
    version       BIGINT      NOT NULL DEFAULT 0,
    enqueued_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    leased_until  TIMESTAMPTZ,
    PRIMARY KEY (run_id, flow)
);
CREATE INDEX pending_evaluations_due_idx ON pending_evaluations (enqueued_at);
