ALTER TABLE sync_links DROP COLUMN history;
