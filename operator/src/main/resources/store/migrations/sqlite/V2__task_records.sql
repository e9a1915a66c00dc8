-- AgentTask records (SQLite): transcripts, model and tool calls, and usage per user and model per month.

-- One row per task that has records: who it acts for, and how many transcript bytes are stored (the per-task cap).
-- updated_ms moves with every record, so retention deletes a task's records whole once it has been quiet.
CREATE TABLE task_records (
  task_uid TEXT PRIMARY KEY,
  namespace TEXT NOT NULL,
  name TEXT NOT NULL,
  owner TEXT NOT NULL,
  owner_key TEXT,
  workspace TEXT,
  transcript_bytes BIGINT NOT NULL,
  created_ms BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL
);

CREATE INDEX task_records_updated ON task_records (updated_ms);

CREATE TABLE task_transcript (
  task_uid TEXT NOT NULL,
  seq INTEGER NOT NULL,
  at_ms BIGINT NOT NULL,
  role TEXT NOT NULL,
  body TEXT,
  bytes BIGINT NOT NULL,
  cut BOOLEAN NOT NULL,
  resumable BOOLEAN NOT NULL,
  omitted BOOLEAN NOT NULL,
  PRIMARY KEY (task_uid, seq)
) WITHOUT ROWID;

CREATE TABLE task_model_calls (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  task_uid TEXT NOT NULL,
  namespace TEXT NOT NULL,
  name TEXT NOT NULL,
  owner TEXT NOT NULL,
  owner_key TEXT,
  workspace TEXT,
  at_ms BIGINT NOT NULL,
  turn INTEGER NOT NULL,
  provider TEXT NOT NULL,
  provider_type TEXT,
  model TEXT NOT NULL,
  status TEXT NOT NULL,
  stop_reason TEXT,
  input_tokens BIGINT NOT NULL,
  output_tokens BIGINT NOT NULL,
  cache_read_tokens BIGINT NOT NULL,
  cache_write_tokens BIGINT NOT NULL,
  cost_micros BIGINT,
  attempts INTEGER NOT NULL,
  latency_ms BIGINT NOT NULL,
  error TEXT
);

CREATE INDEX task_model_calls_task ON task_model_calls (task_uid, id);

CREATE TABLE task_tool_calls (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  task_uid TEXT NOT NULL,
  namespace TEXT NOT NULL,
  name TEXT NOT NULL,
  owner TEXT NOT NULL,
  owner_key TEXT,
  workspace TEXT,
  at_ms BIGINT NOT NULL,
  turn INTEGER NOT NULL,
  tool_call_id TEXT,
  request_id TEXT,
  tool TEXT NOT NULL,
  arguments TEXT NOT NULL,
  duration_ms BIGINT NOT NULL,
  exit_code INTEGER,
  output_bytes BIGINT NOT NULL,
  truncated BOOLEAN NOT NULL,
  error BOOLEAN NOT NULL,
  error_message TEXT
);

CREATE INDEX task_tool_calls_task ON task_tool_calls (task_uid, id);

-- Usage per user and model per month (UTC), added to with each model call. A few rows per user and month, no
-- content: retention leaves them, so a month's usage stays after its records are gone.
CREATE TABLE task_usage (
  month TEXT NOT NULL,
  owner TEXT NOT NULL,
  provider TEXT NOT NULL,
  model TEXT NOT NULL,
  owner_key TEXT,
  calls BIGINT NOT NULL,
  priced_calls BIGINT NOT NULL,
  input_tokens BIGINT NOT NULL,
  output_tokens BIGINT NOT NULL,
  cache_read_tokens BIGINT NOT NULL,
  cache_write_tokens BIGINT NOT NULL,
  cost_micros BIGINT NOT NULL,
  PRIMARY KEY (month, owner, provider, model)
) WITHOUT ROWID;
