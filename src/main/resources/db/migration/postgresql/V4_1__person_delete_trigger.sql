-- Deleted linked persons go to sync_person_deletes.
CREATE FUNCTION persons_deleted() RETURNS trigger AS $$
BEGIN
    IF OLD.dynamics_id IS NOT NULL THEN
        INSERT INTO sync_person_deletes (dynamics_id, dynamics_type, excluded)
            VALUES (OLD.dynamics_id, OLD.dynamics_type, OLD.sync_excluded);
    END IF;
    RETURN OLD;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER persons_deleted AFTER DELETE ON persons FOR EACH ROW EXECUTE FUNCTION persons_deleted();
