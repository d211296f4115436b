-- The mapping a run read with: when an operator changes an entity's mapping, the next run re-reads the
-- whole entity and rewrites every row, so new and changed columns are filled for existing records.
ALTER TABLE sync_state ADD COLUMN mapping_fingerprint VARCHAR(64);
