-- Idempotency keys of events batches (POST /v1/events-batch with an Idempotency-Key header). A row is written in
-- the same transaction as its batch's events, so a key is recorded exactly when its batch is committed. The
-- fingerprint (SHA-256 of the request body) tells a retry of the same request from a different one; accepted and
-- accepted_at rebuild the first answer for a replay. Rows older than the retention are deleted by the app.
-- (V4 and V5 are not used: the numbers were reserved by parallel work and later given up.)
CREATE TABLE ingest_batches (
    idempotency_key text        PRIMARY KEY,
    fingerprint     text        NOT NULL,
    accepted        integer     NOT NULL,
    accepted_at     timestamptz NOT NULL
);

CREATE INDEX ingest_batches_accepted_at ON ingest_batches (accepted_at);
