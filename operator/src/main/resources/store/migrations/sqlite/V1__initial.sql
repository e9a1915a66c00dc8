-- The store's first schema (SQLite). Times are epoch milliseconds (BIGINT), the same in both dialects.

-- The last seq of every log (a build's, a workspace agent's). Appends raise it under a row lock, so seqs within
-- one log are unique, ordered, and committed in order (a live reader never skips one).
CREATE TABLE log_heads (
  log_kind TEXT NOT NULL,
  workspace_uid TEXT NOT NULL,
  build BIGINT NOT NULL,
  last_seq BIGINT NOT NULL,
  updated_ms BIGINT NOT NULL,
  PRIMARY KEY (log_kind, workspace_uid, build)
) WITHOUT ROWID;

CREATE TABLE build_log_lines (
  workspace_uid TEXT NOT NULL,
  build BIGINT NOT NULL,
  seq BIGINT NOT NULL,
  at_ms BIGINT NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (workspace_uid, build, seq)
) WITHOUT ROWID;

CREATE TABLE agent_log_lines (
  workspace_uid TEXT NOT NULL,
  seq BIGINT NOT NULL,
  at_ms BIGINT NOT NULL,
  source TEXT NOT NULL,
  text TEXT NOT NULL,
  PRIMARY KEY (workspace_uid, seq)
) WITHOUT ROWID;

CREATE INDEX agent_log_lines_at ON agent_log_lines (at_ms);

CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at_ms BIGINT NOT NULL,
  actor TEXT NOT NULL,
  actor_key TEXT,
  action TEXT NOT NULL,
  kind TEXT,
  namespace TEXT,
  name TEXT,
  source_address TEXT,
  result TEXT NOT NULL,
  detail TEXT
);

CREATE INDEX audit_log_at ON audit_log (at_ms);
CREATE INDEX audit_log_actor ON audit_log (actor, id);
CREATE INDEX audit_log_object ON audit_log (namespace, name, id);

CREATE TABLE users (
  user_key TEXT PRIMARY KEY,
  issuer TEXT NOT NULL,
  subject TEXT NOT NULL,
  name TEXT NOT NULL UNIQUE,
  email TEXT,
  first_seen_ms BIGINT NOT NULL,
  last_seen_ms BIGINT NOT NULL
);

CREATE TABLE api_tokens (
  id TEXT PRIMARY KEY,
  user_key TEXT NOT NULL,
  user_name TEXT NOT NULL,
  name TEXT NOT NULL,
  secret_hash BLOB NOT NULL,
  created_ms BIGINT NOT NULL,
  expires_ms BIGINT NOT NULL,
  last_used_ms BIGINT,
  revoked_ms BIGINT
);

CREATE INDEX api_tokens_user ON api_tokens (user_key);

CREATE TABLE sessions (
  id_hash BLOB PRIMARY KEY,
  user_key TEXT NOT NULL,
  user_name TEXT NOT NULL,
  admin BOOLEAN NOT NULL,
  csrf_token TEXT NOT NULL,
  created_ms BIGINT NOT NULL,
  expires_ms BIGINT NOT NULL
);

CREATE INDEX sessions_expires ON sessions (expires_ms);
