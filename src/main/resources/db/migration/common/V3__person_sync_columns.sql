-- The two-way sync's bookkeeping on persons (portable part; change_seq is per database, V3_1).
ALTER TABLE persons ADD COLUMN synced_seq BIGINT;
-- the field values Dynamics last had, as far as the sync knows (JSON), to tell which side changed a field
ALTER TABLE persons ADD COLUMN sync_baseline VARCHAR(16000);
-- the values an outbound batch is sending right now (JSON): until the answer is recorded, the inbound
-- sync must not take the sync's own write, read back from Dynamics, for a Dynamics edit
ALTER TABLE persons ADD COLUMN sync_outbox VARCHAR(16000);
-- the id chosen for a lead being created in Dynamics, kept before the create so a retry finds it
ALTER TABLE persons ADD COLUMN dynamics_create_id VARCHAR(36);
-- the Dynamics record's sync filter says No: the store keeps its copy, nothing syncs either way
ALTER TABLE persons ADD COLUMN sync_excluded BOOLEAN DEFAULT FALSE NOT NULL;
-- a contact's person keeps the lead it was qualified from: that lead no longer syncs into a person of its own
ALTER TABLE persons ADD COLUMN qualified_lead_id VARCHAR(36);
-- after a Dynamics merge: the record this person was merged into
ALTER TABLE persons ADD COLUMN merged_into_dynamics_id VARCHAR(36);
UPDATE persons SET synced_seq = 0;
CREATE INDEX persons_create_id ON persons (dynamics_create_id);
CREATE INDEX persons_qualified_lead ON persons (qualified_lead_id);

ALTER TABLE sync_errors ADD COLUMN next_attempt_at TIMESTAMP WITH TIME ZONE;

-- Leads and contacts land in the same table and depend on each other (a contact takes over the person
-- of the lead it was qualified from), so their page writes take turns, on every node, on this row.
CREATE TABLE sync_locks (name VARCHAR(64) PRIMARY KEY);
INSERT INTO sync_locks (name) VALUES ('persons');
