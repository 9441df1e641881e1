-- +goose Up
-- The case model of the scale-out: tasks are rows, one per procedure step and
-- department; every field that a list, a count, a sweep or a statistic filters or
-- groups by is a column; cases.data keeps only what nobody queries.

ALTER TABLE cases ADD COLUMN channel TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN handling TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN item_name TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN applicant_name TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN submitted_at TEXT;
ALTER TABLE cases ADD COLUMN accepted_at TEXT;
ALTER TABLE cases ADD COLUMN decided_at TEXT;
ALTER TABLE cases ADD COLUMN closed_at TEXT;
-- approved: 1 approved, 0 denied, NULL not decided.
ALTER TABLE cases ADD COLUMN approved INTEGER;
-- yellow_from: the Beijing day the light turns yellow; with promised_due it gives
-- the light of any day in SQL.
ALTER TABLE cases ADD COLUMN yellow_from TEXT;
ALTER TABLE cases ADD COLUMN provisional INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN suspended INTEGER NOT NULL DEFAULT 0;
-- watched: the dates may move without a command (suspended, provisional, never
-- computed), so the sweep looks at this case; dates_on: the day they were last
-- computed; dates_through: the last day of the official calendar they were
-- computed with (a provisional date is recomputed once the calendar reaches past it).
ALTER TABLE cases ADD COLUMN watched INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN dates_on TEXT;
ALTER TABLE cases ADD COLUMN dates_through TEXT;
ALTER TABLE cases ADD COLUMN parent TEXT REFERENCES cases (number);

UPDATE cases SET
    channel        = COALESCE(json_extract(data, '$.channel'), ''),
    handling       = COALESCE(json_extract(data, '$.handling'), ''),
    item_name      = COALESCE(json_extract(data, '$.item_name'), ''),
    applicant_name = COALESCE(json_extract(data, '$.applicant.name'), ''),
    submitted_at   = COALESCE(json_extract(data, '$.submitted_at'), received_at),
    accepted_at    = json_extract(data, '$.accepted_at'),
    decided_at     = json_extract(data, '$.decision.at'),
    closed_at      = json_extract(data, '$.closure.at'),
    approved       = json_extract(data, '$.decision.approved'),
    provisional    = COALESCE(json_extract(data, '$.dates_pending'), 0),
    suspended      = COALESCE((SELECT json_type(s.value, '$.until') = 'null'
                               FROM json_each(data, '$.suspensions') s ORDER BY s.key DESC LIMIT 1), 0);
-- The first sweep after the upgrade computes the yellow days (the foundation had
-- none), and dates the steps after a decision that the foundation left undated.
UPDATE cases SET watched = 1 WHERE status IN ('accepted', 'in_review', 'approved', 'issued', 'denied');

CREATE TABLE case_tasks (
    case_number TEXT NOT NULL REFERENCES cases (number),
    seq         INTEGER NOT NULL,
    step        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    department  TEXT NOT NULL,
    -- other_department: the task's department is not the case's own (并联 by another
    -- department); only such tasks widen who may see the case.
    other_department INTEGER NOT NULL DEFAULT 0,
    role        TEXT NOT NULL,
    status      TEXT NOT NULL,
    stage       INTEGER NOT NULL,
    day         INTEGER NOT NULL,
    due         TEXT,
    yellow_from TEXT,
    opened_at   TEXT,
    done_by     TEXT NOT NULL DEFAULT '',
    done_at     TEXT,
    opinion     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (case_number, seq)
) WITHOUT ROWID;

-- The foundation ran its review steps one after another and made the last of them
-- the decision; the steps after it were 制证/出证/发证 and 送达.
INSERT INTO case_tasks (case_number, seq, step, kind, department, role, status, stage, day, due, done_by, done_at, opinion)
SELECT c.number,
       json_extract(t.value, '$.seq'),
       json_extract(t.value, '$.step'),
       CASE
           WHEN json_extract(t.value, '$.role') = 'certificate_officer' AND json_extract(t.value, '$.step') = '送达' THEN 'deliver'
           WHEN json_extract(t.value, '$.role') = 'certificate_officer' THEN 'issue'
           WHEN json_extract(t.value, '$.seq') = (SELECT MAX(json_extract(u.value, '$.seq')) FROM json_each(c.data, '$.tasks') u
                                                 WHERE json_extract(u.value, '$.role') = 'approver') THEN 'decide'
           ELSE 'review'
       END,
       json_extract(t.value, '$.department'),
       json_extract(t.value, '$.role'),
       json_extract(t.value, '$.status'),
       json_extract(t.value, '$.seq'),
       CASE WHEN json_extract(t.value, '$.role') = 'certificate_officer' THEN 10 ELSE json_extract(t.value, '$.day') END,
       json_extract(t.value, '$.due'),
       COALESCE(json_extract(t.value, '$.done_by'), ''),
       json_extract(t.value, '$.done_at'),
       COALESCE(json_extract(t.value, '$.opinion'), '')
FROM cases c, json_each(c.data, '$.tasks') t;

UPDATE cases SET data = json_remove(data, '$.tasks', '$.due_date', '$.legal_due_date', '$.dates_pending', '$.status',
    '$.number', '$.region', '$.hall', '$.channel', '$.item', '$.item_version', '$.item_name', '$.department',
    '$.handling', '$.submitted_at', '$.received_at', '$.accepted_at', '$.version', '$.updated_at');

-- Procedures become typed steps, with the kinds the foundation recognised by name.
-- (json() because a subquery's result loses its JSON subtype and would be stored as a string.)
UPDATE item_versions SET data = json_set(data, '$.procedure', json((
    SELECT json_group_array(json_object('name', p.value, 'kind',
        CASE
            WHEN p.value = '受理' THEN 'accept'
            WHEN p.value IN ('制证', '出证', '发证') THEN 'issue'
            WHEN p.value = '送达' THEN 'deliver'
            WHEN p.key = (SELECT MAX(q.key) FROM json_each(item_versions.data, '$.procedure') q
                          WHERE q.value NOT IN ('受理', '制证', '出证', '发证', '送达')) THEN 'decide'
            ELSE 'review'
        END) ORDER BY p.key)
    FROM json_each(item_versions.data, '$.procedure') p)))
WHERE json_type(data, '$.procedure[0]') = 'text';

-- A department's queue: its approvers' open tasks by due date, with the day the
-- light turns yellow; and the certificate officers' queue of open issue and delivery
-- tasks. The keys follow the queue's order (due, then case and step), so a page
-- stops reading where it ends; each open task is in one of the two.
CREATE INDEX case_tasks_queue ON case_tasks (department, due, case_number, seq, yellow_from)
    WHERE status = 'open' AND role = 'approver';
CREATE INDEX case_tasks_certificates ON case_tasks (due, case_number, seq, yellow_from)
    WHERE status = 'open' AND role = 'certificate_officer';
-- An approver's scope beyond the cases their department owns: those it has a task in.
UPDATE case_tasks SET other_department = 1
    WHERE department <> (SELECT department FROM cases WHERE number = case_tasks.case_number);
CREATE INDEX case_tasks_department ON case_tasks (department, case_number) WHERE other_department = 1;

-- Lights: the running cases of a department, newest first, with the two dates
-- that make the light, so a red list reads the index alone until it finds a row.
CREATE INDEX cases_running ON cases (department, received_at, number, promised_due, yellow_from)
    WHERE status IN ('accepted', 'in_review');
-- The sweep's Art. 32 selection and the window's queue: submitted cases by receipt.
DROP INDEX cases_status;
CREATE INDEX cases_status ON cases (status, received_at, number);
-- Counts: the cases not finished, by department, hall and status.
CREATE INDEX cases_live ON cases (department, hall, status, promised_due, yellow_from)
    WHERE status IN ('submitted', 'awaiting_correction', 'accepted', 'in_review', 'approved', 'denied', 'issued');
CREATE INDEX cases_watched ON cases (number, suspended, provisional, dates_on, dates_through) WHERE watched = 1;
CREATE INDEX cases_parent ON cases (parent) WHERE parent IS NOT NULL;

-- +goose Down
-- The case model is never rolled back: the tasks live only in case_tasks now.
