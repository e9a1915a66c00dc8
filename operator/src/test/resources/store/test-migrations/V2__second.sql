-- A second test migration: it adds a column, so it must run only once.
ALTER TABLE first_table ADD COLUMN extra TEXT;
CREATE TABLE second_table (id BIGINT PRIMARY KEY);
