-- The outbound cycle looks for create requests (sync_to_dynamics) among all persons: few of many.
CREATE INDEX persons_create_requests ON persons (sync_to_dynamics, dynamics_deleted);
