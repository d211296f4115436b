-- Change detection on persons (H2). Other applications write persons with plain SQL; every real change
-- draws a new change_seq, through the column's ON UPDATE expression, which H2 applies only when a
-- statement does not set the column itself. The sync's own writes set change_seq explicitly, so they
-- are not changes. A person has changes to send while change_seq > synced_seq.
CREATE SEQUENCE persons_change_seq;
ALTER TABLE persons ADD COLUMN change_seq BIGINT DEFAULT NEXT VALUE FOR persons_change_seq
    ON UPDATE NEXT VALUE FOR persons_change_seq;
ALTER TABLE persons ADD COLUMN synced_seq BIGINT;
-- the field values both sides last agreed on (JSON), to tell which side changed a field
ALTER TABLE persons ADD COLUMN sync_baseline VARCHAR(16000);
-- the id chosen for a lead being created in Dynamics, kept before the create so a retry finds it
ALTER TABLE persons ADD COLUMN dynamics_create_id VARCHAR(36);
-- the Dynamics record's sync filter says No: the store keeps its copy, nothing syncs either way
ALTER TABLE persons ADD COLUMN sync_excluded BOOLEAN DEFAULT FALSE NOT NULL;
-- a contact's person keeps the lead it was qualified from: that lead no longer syncs into a person of its own
ALTER TABLE persons ADD COLUMN qualified_lead_id VARCHAR(36);
-- after a Dynamics merge: the record this person was merged into
ALTER TABLE persons ADD COLUMN merged_into_dynamics_id VARCHAR(36);
UPDATE persons SET change_seq = 0, synced_seq = 0;
CREATE INDEX persons_pending ON persons (dynamics_type, change_seq);
CREATE INDEX persons_create_id ON persons (dynamics_create_id);
CREATE INDEX persons_qualified_lead ON persons (qualified_lead_id);

ALTER TABLE sync_errors ADD COLUMN next_attempt_at TIMESTAMP WITH TIME ZONE;

-- Leads and contacts land in the same table and depend on each other (a contact takes over the person
-- of the lead it was qualified from), so their page writes take turns, on every node, on this row.
CREATE TABLE sync_locks (name VARCHAR(64) PRIMARY KEY);
INSERT INTO sync_locks (name) VALUES ('persons');
