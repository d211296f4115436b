-- Change detection on persons (H2). Other applications write persons with plain SQL; every real change
-- draws a new change_seq, through the column's ON UPDATE expression, which H2 applies only when a
-- statement does not set the column itself. The sync's own writes set change_seq explicitly, so they
-- are not changes. A person has changes to send while change_seq > synced_seq.
CREATE SEQUENCE persons_change_seq;
ALTER TABLE persons ADD COLUMN change_seq BIGINT DEFAULT NEXT VALUE FOR persons_change_seq
    ON UPDATE NEXT VALUE FOR persons_change_seq;
UPDATE persons SET change_seq = 0;
CREATE INDEX persons_pending ON persons (dynamics_type, change_seq);
