-- +goose Up
-- Messages to applicants about their cases (站内消息), written in the transaction of
-- the change they tell of. They belong to the case's applicant, not to an account:
-- every account of that applicant reads them. The list reads an applicant's newest
-- first by id; the header's unread count reads the partial index of the unread only,
-- which stays small however many messages have been read.
CREATE TABLE messages (
    id           INTEGER PRIMARY KEY,
    applicant_id INTEGER NOT NULL REFERENCES applicants (id),
    region       TEXT NOT NULL,
    case_number  TEXT NOT NULL REFERENCES cases (number),
    action       TEXT NOT NULL,
    title        TEXT NOT NULL,
    body         TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    read_at      TEXT
);
CREATE INDEX messages_applicant ON messages (applicant_id, id);
CREATE INDEX messages_unread ON messages (applicant_id) WHERE read_at IS NULL;

-- +goose Down
DROP TABLE messages;
