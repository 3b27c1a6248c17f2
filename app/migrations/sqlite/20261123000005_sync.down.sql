DROP TABLE sync_consent;
DROP TABLE sync_state;
DROP TABLE sync_conflicts;
DROP TABLE sync_links;
DROP TABLE sync_outbox;
