-- +goose Up
-- The names each indexed item is known by (its name and that name without the
-- bracketed qualifier, its colloquial names, what it issues, its tags), folded as
-- search folds a query, with how far each stands from the official name. Search
-- ranks a hit by how closely one of them matches what was typed.
CREATE TABLE item_names (
    code    TEXT NOT NULL,
    text    TEXT NOT NULL,
    penalty REAL NOT NULL,
    PRIMARY KEY (code, text)
);

-- The items already indexed get their names from their published version; a
-- version published from now on writes them itself (with its colloquial names,
-- which no earlier version has).
INSERT OR IGNORE INTO item_names (code, text, penalty)
SELECT i.code, lower(v.name), 0
FROM items i JOIN item_versions v ON v.code = i.code AND v.version = i.published_version
WHERE NOT i.retired;

INSERT OR IGNORE INTO item_names (code, text, penalty)
SELECT i.code, trim(substr(v.name, 1, instr(v.name, '（') - 1)), 0
FROM items i JOIN item_versions v ON v.code = i.code AND v.version = i.published_version
WHERE NOT i.retired AND instr(v.name, '（') > 2;

INSERT OR IGNORE INTO item_names (code, text, penalty)
SELECT i.code, lower(json_extract(v.data, '$.result')), 0.4
FROM items i JOIN item_versions v ON v.code = i.code AND v.version = i.published_version
WHERE NOT i.retired AND length(json_extract(v.data, '$.result')) >= 2;

INSERT OR IGNORE INTO item_names (code, text, penalty)
SELECT i.code, lower(t.value), 0.6
FROM items i JOIN item_versions v ON v.code = i.code AND v.version = i.published_version,
     json_each(v.data, '$.tags') t
WHERE NOT i.retired AND length(t.value) >= 2;

-- Life events (开办企业, 生育, …): catalog data, each naming its items.
CREATE TABLE life_events (
    code     TEXT PRIMARY KEY,
    position INTEGER NOT NULL,
    data     TEXT NOT NULL
);

-- The shared synonym list: a word people use and the phrases it means.
CREATE TABLE search_synonyms (
    term TEXT PRIMARY KEY,
    data TEXT NOT NULL
);

-- +goose Down
DROP TABLE search_synonyms;
DROP TABLE life_events;
DROP TABLE item_names;
