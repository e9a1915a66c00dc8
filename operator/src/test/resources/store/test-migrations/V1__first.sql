-- A first test migration.
CREATE TABLE first_table (id BIGINT PRIMARY KEY, note TEXT);
INSERT INTO first_table (id, note) VALUES (1, 'kept');
