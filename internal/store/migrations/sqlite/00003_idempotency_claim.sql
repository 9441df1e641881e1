-- +goose Up
-- A submission claims its idempotency key first, before its case exists, so that
-- two requests with one key cannot both file a case: the claim is an insert that
-- does nothing if the key is taken. case_number is filled in when the case has been
-- created, in the same transaction, so no committed claim is without its case.
-- SQLite cannot drop a NOT NULL in place: the table is rebuilt.
CREATE TABLE idempotency_keys_new (
    user_id      INTEGER NOT NULL,
    key          TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    case_number  TEXT REFERENCES cases (number),
    created_at   TEXT NOT NULL,
    PRIMARY KEY (user_id, key)
) WITHOUT ROWID;
INSERT INTO idempotency_keys_new (user_id, key, request_hash, case_number, created_at)
    SELECT user_id, key, request_hash, case_number, created_at FROM idempotency_keys;
DROP TABLE idempotency_keys;
ALTER TABLE idempotency_keys_new RENAME TO idempotency_keys;

-- +goose Down
CREATE TABLE idempotency_keys_old (
    user_id      INTEGER NOT NULL,
    key          TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    case_number  TEXT NOT NULL REFERENCES cases (number),
    created_at   TEXT NOT NULL,
    PRIMARY KEY (user_id, key)
) WITHOUT ROWID;
INSERT INTO idempotency_keys_old (user_id, key, request_hash, case_number, created_at)
    SELECT user_id, key, request_hash, case_number, created_at FROM idempotency_keys WHERE case_number IS NOT NULL;
DROP TABLE idempotency_keys;
ALTER TABLE idempotency_keys_old RENAME TO idempotency_keys;
