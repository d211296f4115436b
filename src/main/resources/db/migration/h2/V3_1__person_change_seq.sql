-- Change detection on persons (H2). Other applications write persons with plain SQL; every insert and
-- every real update draws a new change_seq in a trigger, whatever the statement set it to. The sync's
-- own sessions carry @dynsync_writer, and their writes keep the change_seq they set. A person has
-- changes to send while change_seq > synced_seq. H2 triggers are Java classes: this one runs in the
-- sync's JVM (other tools reach the database through its AUTO_SERVER; a tool opening the file alone
-- needs the sync's jar on its classpath to write persons).
CREATE SEQUENCE persons_change_seq;
ALTER TABLE persons ADD COLUMN change_seq BIGINT;
UPDATE persons SET change_seq = 0;
CREATE INDEX persons_pending ON persons (dynamics_type, change_seq);
CREATE TRIGGER persons_change BEFORE INSERT, UPDATE ON persons FOR EACH ROW CALL "io.dynsync.store.H2PersonChangeTrigger";
