-- Deletes found by comparing ids: the ids a full read (or an ids-only reconciliation) saw so far, kept
-- with each page so that a read interrupted by a crash resumes without forgetting what it saw.
CREATE TABLE sync_seen_ids (
    entity       VARCHAR(128) NOT NULL,
    dynamics_id  VARCHAR(36)  NOT NULL,
    PRIMARY KEY (entity, dynamics_id)
);
ALTER TABLE sync_state ADD COLUMN last_reconciled_at TIMESTAMP WITH TIME ZONE;
