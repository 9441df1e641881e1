-- +goose Up
-- One online account per citizen ID number or credit code: the holder's number is
-- claimed when the account is made, and a second claim breaks the primary key in
-- the same transaction, so two registrations at once cannot both succeed.
-- A database from before this rule may hold several accounts for one number; the
-- oldest keeps the claim and the others keep working, so upgrading never fails.
CREATE TABLE account_holders (
    kind    TEXT NOT NULL,
    number  TEXT NOT NULL,
    user_id INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (kind, number)
) WITHOUT ROWID;
INSERT OR IGNORE INTO account_holders (kind, number, user_id)
    SELECT a.kind, COALESCE(a.id_number, a.credit_code), u.id
    FROM users u JOIN applicants a ON a.id = u.applicant_id
    WHERE COALESCE(a.id_number, a.credit_code) IS NOT NULL
    ORDER BY u.id;

-- +goose Down
DROP TABLE account_holders;
