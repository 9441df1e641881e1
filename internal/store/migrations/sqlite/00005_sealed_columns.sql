-- +goose Up
-- With a data key (--data-key) the ID number and credit code are sealed, and a
-- sealed value differs each time it is written, so equality look-ups go through a
-- blind index of the number instead. Without a key it stays NULL and look-ups
-- compare the clear columns as before.
ALTER TABLE applicants ADD COLUMN number_index TEXT;
CREATE INDEX applicants_number_index ON applicants (number_index) WHERE number_index IS NOT NULL;

-- +goose Down
DROP INDEX applicants_number_index;
ALTER TABLE applicants DROP COLUMN number_index;
