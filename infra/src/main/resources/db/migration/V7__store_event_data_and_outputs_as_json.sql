-- events.data and eval_outputs.output become `json` (validated text) instead of `jsonb`.
-- Nothing queries inside them: the app writes them once (as JSON it produced itself) and reads them back whole.
-- jsonb parsed every value on write and re-printed it on every read; for a 1,000-node evaluation output
-- (~300 KB) that was most of the database's CPU per run-eval, and a large share of it during ingest.
-- `json` keeps the text as written (the sender's key order), which is also what the API returns.
-- On a large existing table this rewrites the table under an exclusive lock (README: upgrading).
ALTER TABLE events ALTER COLUMN data TYPE json USING data::json;
ALTER TABLE eval_outputs ALTER COLUMN output TYPE json USING output::json;
