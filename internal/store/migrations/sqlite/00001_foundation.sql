-- +goose Up
-- Instants are stored as RFC 3339 text in Beijing time (+08:00), so they sort as text
-- and read as the hall reads them; dates (YYYY-MM-DD) are Beijing dates.

CREATE TABLE departments (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL
);

CREATE TABLE halls (
    code   TEXT PRIMARY KEY,
    name   TEXT NOT NULL,
    kind   TEXT NOT NULL,
    region TEXT NOT NULL,
    seq    INTEGER NOT NULL,
    UNIQUE (region, seq)
);

-- items holds where each item stands; item_versions every version ever saved, so a
-- case filed under version 3 can always read version 3.
CREATE TABLE items (
    code              TEXT PRIMARY KEY,
    latest_version    INTEGER NOT NULL,
    published_version INTEGER,
    retired           INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE item_versions (
    code         TEXT NOT NULL REFERENCES items (code),
    version      INTEGER NOT NULL,
    status       TEXT NOT NULL,
    name         TEXT NOT NULL,
    department   TEXT NOT NULL REFERENCES departments (code),
    data         TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    published_at TEXT,
    PRIMARY KEY (code, version)
);

-- The search index holds the published version of each live item: its name and
-- tags (title, ranked higher) and the rest of its guide (body), each cut into CJK
-- unigrams and bigrams by the catalog package, so the plain unicode61 tokenizer can
-- index Chinese.
CREATE VIRTUAL TABLE items_fts USING fts5 (code UNINDEXED, title, body, tokenize = 'unicode61');

CREATE TABLE bundles (
    code TEXT PRIMARY KEY,
    data TEXT NOT NULL
);

CREATE TABLE applicants (
    id          INTEGER PRIMARY KEY,
    kind        TEXT NOT NULL,
    name        TEXT NOT NULL,
    id_number   TEXT,
    credit_code TEXT,
    phone       TEXT NOT NULL,
    has_account INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL
);
CREATE INDEX applicants_id_number ON applicants (id_number) WHERE id_number IS NOT NULL;
CREATE INDEX applicants_credit_code ON applicants (credit_code) WHERE credit_code IS NOT NULL;

CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    name          TEXT NOT NULL,
    role          TEXT NOT NULL,
    department    TEXT REFERENCES departments (code),
    hall          TEXT REFERENCES halls (code),
    applicant_id  INTEGER REFERENCES applicants (id),
    password_hash TEXT NOT NULL,
    created_at    TEXT NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL
);

CREATE TABLE blobs (
    id           TEXT PRIMARY KEY,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    created_at   TEXT NOT NULL
);

-- Who uploaded a blob: only they may attach it to a case.
CREATE TABLE blob_uploads (
    blob_id TEXT NOT NULL REFERENCES blobs (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (blob_id, user_id)
);

-- A case is stored as its indexed columns plus the whole aggregate as JSON.
CREATE TABLE cases (
    number       TEXT PRIMARY KEY,
    region       TEXT NOT NULL,
    hall         TEXT NOT NULL REFERENCES halls (code),
    department   TEXT NOT NULL REFERENCES departments (code),
    item_code    TEXT NOT NULL,
    item_version INTEGER NOT NULL,
    applicant_id INTEGER NOT NULL REFERENCES applicants (id),
    status       TEXT NOT NULL,
    promised_due TEXT,
    legal_due    TEXT,
    received_at  TEXT NOT NULL,
    version      INTEGER NOT NULL,
    updated_at   TEXT NOT NULL,
    data         TEXT NOT NULL,
    FOREIGN KEY (item_code, item_version) REFERENCES item_versions (code, version)
);
-- Every index is another page to write in each command, so there are few: staff
-- lists read the open cases by status and filter hall and department from there
-- (a district has thousands of open cases, not millions); an applicant's list
-- reads by applicant.
CREATE INDEX cases_status ON cases (status, received_at);
CREATE INDEX cases_applicant ON cases (applicant_id);

-- The last sequence number given per hall and Beijing day: numbers are never reused.
CREATE TABLE case_counters (
    hall TEXT NOT NULL,
    day  TEXT NOT NULL,
    seq  INTEGER NOT NULL,
    PRIMARY KEY (hall, day)
) WITHOUT ROWID;

CREATE TABLE idempotency_keys (
    user_id      INTEGER NOT NULL,
    key          TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    case_number  TEXT NOT NULL REFERENCES cases (number),
    created_at   TEXT NOT NULL,
    PRIMARY KEY (user_id, key)
) WITHOUT ROWID;

CREATE TABLE audit_events (
    region     TEXT NOT NULL,
    seq        INTEGER NOT NULL,
    at         TEXT NOT NULL,
    actor_id   INTEGER,
    actor      TEXT NOT NULL,
    actor_name TEXT NOT NULL,
    role       TEXT NOT NULL,
    action     TEXT NOT NULL,
    subject    TEXT NOT NULL,
    before     TEXT NOT NULL,
    after      TEXT NOT NULL,
    reason     TEXT NOT NULL,
    prev_hash  TEXT NOT NULL,
    hash       TEXT NOT NULL,
    PRIMARY KEY (region, seq)
);
CREATE INDEX audit_events_subject ON audit_events (subject, seq);

CREATE TABLE audit_heads (
    region TEXT PRIMARY KEY,
    seq    INTEGER NOT NULL,
    hash   TEXT NOT NULL
) WITHOUT ROWID;

-- The log is append-only for the application; tampering needs dropping these first,
-- and even then the hash chain tells.
-- +goose StatementBegin
CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only');
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN
    SELECT RAISE(ABORT, 'audit_events is append-only');
END;
-- +goose StatementEnd

CREATE TABLE calendar_years (
    year      INTEGER PRIMARY KEY,
    data      TEXT NOT NULL,
    loaded_at TEXT NOT NULL,
    loaded_by TEXT NOT NULL
);

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- +goose Down
-- The foundation is never rolled back: it holds the audit trail.
