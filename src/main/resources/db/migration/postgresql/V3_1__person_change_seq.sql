-- Change detection on persons (PostgreSQL). Other applications write persons with plain SQL; every real
-- change draws a new change_seq in a trigger. The sync's own connections say so in a session setting
-- (dynsync.writer, set when the pool opens them), and their writes keep the change_seq they set. A
-- person has changes to send while change_seq > synced_seq.
CREATE SEQUENCE persons_change_seq;
ALTER TABLE persons ADD COLUMN change_seq BIGINT;
UPDATE persons SET change_seq = 0;
CREATE INDEX persons_pending ON persons (dynamics_type, change_seq);

CREATE FUNCTION persons_change_seq() RETURNS trigger AS $$
BEGIN
    IF current_setting('dynsync.writer', true) IS DISTINCT FROM 'on' THEN
        NEW.change_seq := nextval('persons_change_seq');
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER persons_insert_change BEFORE INSERT ON persons
    FOR EACH ROW EXECUTE FUNCTION persons_change_seq();
CREATE TRIGGER persons_update_change BEFORE UPDATE ON persons
    FOR EACH ROW WHEN (OLD.* IS DISTINCT FROM NEW.*) EXECUTE FUNCTION persons_change_seq();
