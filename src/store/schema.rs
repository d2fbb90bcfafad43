//! Numbered, append-only migrations on `PRAGMA user_version`.
//!
//! Migration `n` (1-based) is `MIGRATIONS[n - 1]`. Never edit a released migration: add a new one.
//! Each runs inside the same exclusive transaction as the version bump, so a failed upgrade leaves
//! the dossier as it was.

/// Marks a SQLite file as a dossier (`PRAGMA application_id`, "DOSS").
pub const APPLICATION_ID: i32 = 0x444F_5353;

/// The schema, one migration per entry.
pub const MIGRATIONS: &[&str] = &[
    // 1: articles, actors, mentions, quotes, roles, affiliations, topics, full-text index.
    r#"
CREATE TABLE articles (
    id            INTEGER PRIMARY KEY,
    file_name     TEXT NOT NULL,
    file_path     TEXT,
    format        TEXT NOT NULL,
    encoding      TEXT NOT NULL,
    content_hash  TEXT NOT NULL UNIQUE,
    title         TEXT,
    date          TEXT,
    source        TEXT,
    author        TEXT,
    url           TEXT,
    text          TEXT NOT NULL,
    body_start    INTEGER NOT NULL,
    keyphrases    TEXT NOT NULL DEFAULT '[]',
    imported_at   TEXT NOT NULL,
    analysed_with INTEGER NOT NULL
);
CREATE INDEX articles_date ON articles(date);

CREATE TABLE actors (
    id    INTEGER PRIMARY KEY,
    name  TEXT NOT NULL,
    kind  TEXT NOT NULL CHECK (kind IN ('PERSON', 'ORG', 'GPE', 'LOC')),
    key   TEXT NOT NULL UNIQUE,
    -- Set by curation: a false positive (its mentions count nowhere) or merged into another actor.
    hidden      INTEGER NOT NULL DEFAULT 0,
    merged_into INTEGER REFERENCES actors(id)
);

-- Normalised names that identify an actor across articles (its name and strong aliases).
CREATE TABLE actor_keys (
    key      TEXT PRIMARY KEY,
    actor_id INTEGER NOT NULL REFERENCES actors(id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX actor_keys_actor ON actor_keys(actor_id);

-- Every name an actor was found under, per article (surnames and acronyms included).
CREATE TABLE aliases (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    alias      TEXT NOT NULL,
    -- Identity key of the actor found in the article; the current actor is actor_keys[found_key].
    found_key  TEXT NOT NULL,
    -- Article first: re-analysis deletes by article; lookups by actor are rare (profiles).
    PRIMARY KEY (article_id, found_key, alias)
) WITHOUT ROWID;

CREATE TABLE mentions (
    id         INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    -- Derived from the keys below (and curation); NULL when curation detached the name.
    actor_id   INTEGER REFERENCES actors(id),
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    -- In thousandths (0 to 1000), which SQLite stores compactly.
    confidence REAL NOT NULL,
    -- Identity key of the mention's own name, and of the actor it was resolved to in its article
    -- (NULL when it is the same key, as for most mentions).
    key        TEXT NOT NULL,
    found_key  TEXT,
    CHECK (start <= end)
);
CREATE INDEX mentions_actor ON mentions(actor_id, article_id);
CREATE INDEX mentions_article ON mentions(article_id, start);
CREATE INDEX mentions_found_key ON mentions(found_key) WHERE found_key IS NOT NULL;
-- No index on `key`: only curation of names looks mentions up by it, rarely, and imports
-- stay faster and smaller without one.

CREATE TABLE quotes (
    id             INTEGER PRIMARY KEY,
    article_id     INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start          INTEGER NOT NULL,
    end            INTEGER NOT NULL,
    parts          TEXT NOT NULL DEFAULT '[]',
    direct         INTEGER NOT NULL,
    cue            TEXT,
    speaker_id     INTEGER REFERENCES actors(id),
    speaker_key    TEXT,
    -- Curation: not a quote / speaker set by hand.
    rejected       INTEGER NOT NULL DEFAULT 0,
    curated_speaker INTEGER NOT NULL DEFAULT 0,
    speaker_text   TEXT,
    speaker_start  INTEGER,
    speaker_end    INTEGER,
    sentence_start INTEGER NOT NULL,
    sentence_end   INTEGER NOT NULL,
    confidence     REAL NOT NULL
);
CREATE INDEX quotes_article ON quotes(article_id, start);
CREATE INDEX quotes_speaker ON quotes(speaker_id);

CREATE TABLE roles (
    id         INTEGER PRIMARY KEY,
    actor_id   INTEGER NOT NULL REFERENCES actors(id),
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    title      TEXT NOT NULL,
    of_name    TEXT,
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    found_key  TEXT NOT NULL,
    -- Curation: the role was removed by hand.
    removed    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX roles_actor ON roles(actor_id);
CREATE INDEX roles_article ON roles(article_id);

CREATE TABLE affiliations (
    id         INTEGER PRIMARY KEY,
    actor_id   INTEGER NOT NULL REFERENCES actors(id),
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    found_key  TEXT NOT NULL
);
CREATE INDEX affiliations_actor ON affiliations(actor_id);
CREATE INDEX affiliations_article ON affiliations(article_id);

CREATE TABLE topics (
    id    INTEGER PRIMARY KEY,
    key   TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL
);

CREATE TABLE article_topics (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    topic_id   INTEGER NOT NULL REFERENCES topics(id),
    score      REAL NOT NULL,
    evidence   TEXT NOT NULL DEFAULT '[]',
    -- Curation: added by hand / removed by hand (kept so re-analysis does not bring it back).
    curated    INTEGER NOT NULL DEFAULT 0,
    removed    INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (article_id, topic_id)
) WITHOUT ROWID;
CREATE INDEX article_topics_topic ON article_topics(topic_id);

CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text,
    content = 'articles', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2'
);
"#,
    // 2: curation. Corrections are stored as rules and re-applied after imports and re-analysis.
    r#"
-- Curated names: a mention whose own name has a pin belongs to the pinned actor (NULL: to nobody).
CREATE TABLE pins (
    key      TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    actor_id INTEGER REFERENCES actors(id)
) WITHOUT ROWID;

-- Every correction, in order: `rule` is what it does (JSON), `undo` what restores the state before it.
CREATE TABLE corrections (
    id      INTEGER PRIMARY KEY,
    made_at TEXT NOT NULL,
    summary TEXT NOT NULL,
    rule    TEXT NOT NULL,
    undo    TEXT NOT NULL,
    undone  INTEGER NOT NULL DEFAULT 0
);
"#,
    // 3: compact storage. Identity keys of mentions and quote speakers become integer ids into
    // `names`; mentions are clustered by article (no rowid, one index fewer); quote confidences
    // are thousandths like mention confidences; one-piece quotes store no parts.
    r#"
-- Every identity key used by mentions and quotes ('p:' person keys, 'o:' other kinds), once.
-- Rows are never deleted or changed, so an id means the same key forever.
CREATE TABLE names (
    id  INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE
);
INSERT OR IGNORE INTO names (key) SELECT key FROM mentions;
INSERT OR IGNORE INTO names (key) SELECT found_key FROM mentions WHERE found_key IS NOT NULL;
INSERT OR IGNORE INTO names (key) SELECT speaker_key FROM quotes WHERE speaker_key IS NOT NULL;

CREATE TABLE mentions_v3 (
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    -- Derived from the names below (and curation); NULL when curation detached the name.
    actor_id   INTEGER REFERENCES actors(id),
    -- In thousandths (0 to 1000).
    confidence INTEGER NOT NULL,
    -- names.id of the mention's own name, and of the actor it was resolved to in its article
    -- (NULL when it is the same name, as for most mentions).
    name       INTEGER NOT NULL,
    found      INTEGER,
    PRIMARY KEY (article_id, start, end),
    CHECK (start <= end)
) WITHOUT ROWID;
INSERT OR IGNORE INTO mentions_v3 (article_id, start, end, actor_id, confidence, name, found)
    SELECT m.article_id, m.start, m.end, m.actor_id, CAST(round(m.confidence) AS INTEGER), n.id, f.id
    FROM mentions m JOIN names n ON n.key = m.key LEFT JOIN names f ON f.key = m.found_key;
DROP TABLE mentions;
ALTER TABLE mentions_v3 RENAME TO mentions;
CREATE INDEX mentions_actor ON mentions(actor_id, article_id);

CREATE TABLE quotes_v3 (
    id             INTEGER PRIMARY KEY,
    article_id     INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start          INTEGER NOT NULL,
    end            INTEGER NOT NULL,
    -- JSON [[start, end], ...] of a quote split by its attribution; NULL for one piece.
    parts          TEXT,
    direct         INTEGER NOT NULL,
    cue            TEXT,
    speaker_id     INTEGER REFERENCES actors(id),
    -- names.id of the speaker's identity key, when the speaker is an actor.
    speaker_name   INTEGER,
    -- Curation: not a quote / speaker set by hand.
    rejected       INTEGER NOT NULL DEFAULT 0,
    curated_speaker INTEGER NOT NULL DEFAULT 0,
    speaker_text   TEXT,
    speaker_start  INTEGER,
    speaker_end    INTEGER,
    sentence_start INTEGER NOT NULL,
    sentence_end   INTEGER NOT NULL,
    -- In thousandths (0 to 1000).
    confidence     INTEGER NOT NULL
);
INSERT INTO quotes_v3 (id, article_id, start, end, parts, direct, cue, speaker_id, speaker_name,
        rejected, curated_speaker, speaker_text, speaker_start, speaker_end, sentence_start,
        sentence_end, confidence)
    SELECT q.id, q.article_id, q.start, q.end, CASE WHEN q.parts IN ('', '[]') THEN NULL ELSE q.parts END,
        q.direct, q.cue, q.speaker_id, n.id, q.rejected, q.curated_speaker, q.speaker_text,
        q.speaker_start, q.speaker_end, q.sentence_start, q.sentence_end,
        CAST(round(q.confidence * 1000) AS INTEGER)
    FROM quotes q LEFT JOIN names n ON n.key = q.speaker_key;
DROP TABLE quotes;
ALTER TABLE quotes_v3 RENAME TO quotes;
CREATE INDEX quotes_article ON quotes(article_id, start);
CREATE INDEX quotes_speaker ON quotes(speaker_id);
"#,
    // 4: corrections say whether they still apply: 'applied', 'no_match' (the quote or role they
    // correct is no longer found after a re-analysis; kept, and applied again if found again) or
    // 'unreadable' (the rule could not be read). Corrections are never dropped.
    r#"
ALTER TABLE corrections ADD COLUMN status TEXT NOT NULL DEFAULT 'applied';
"#,
    // 5: why each fact was found. Every extraction rule name is stored once in `rules` (like
    // identity keys in `names`); each mention, quote and role points to the rule that found it.
    // Rows stored before this migration have none (NULL): the app then shows no reason rather
    // than a wrong one. Adding nullable columns rewrites nothing.
    r#"
CREATE TABLE rules (
    id   INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);
ALTER TABLE mentions ADD COLUMN rule INTEGER REFERENCES rules(id);
ALTER TABLE quotes ADD COLUMN rule INTEGER REFERENCES rules(id);
ALTER TABLE roles ADD COLUMN rule INTEGER REFERENCES rules(id);
"#,
    // 6: the article's language as the page declares it (a BCP 47 tag such as `en` or `pt-BR`),
    // NULL when unknown and for articles stored before this migration.
    r#"
ALTER TABLE articles ADD COLUMN language TEXT;
"#,
    // 7: per-actor and per-topic summaries (counts, dates and timelines), kept up to date by
    // every write (see `store/stats.rs`), so lists and profiles never count all mentions on
    // demand. Corrections move single rows;
    // the triggers below note which actors and topics those touch (`stats_stale`), and the
    // writing transaction counts them again before it commits. The table is empty between
    // transactions. Imports and re-analysis add and subtract whole articles without triggers.
    // Also: where an interrupted re-analysis stopped, so it can go on from there, and the
    // article each correction concerns, indexed.
    r#"
CREATE TABLE actor_stats (
    actor_id   INTEGER PRIMARY KEY REFERENCES actors(id),
    mentions   INTEGER NOT NULL DEFAULT 0,
    articles   INTEGER NOT NULL DEFAULT 0,
    quotes     INTEGER NOT NULL DEFAULT 0,
    first_seen TEXT,
    last_seen  TEXT
);
CREATE INDEX actor_stats_rank ON actor_stats(mentions DESC);

CREATE TABLE topic_stats (
    topic_id   INTEGER PRIMARY KEY REFERENCES topics(id),
    articles   INTEGER NOT NULL DEFAULT 0,
    first_seen TEXT,
    last_seen  TEXT
);

-- Timelines: an actor's mentions and a topic's articles per article date.
CREATE TABLE actor_days (
    actor_id INTEGER NOT NULL,
    date     TEXT NOT NULL,
    mentions INTEGER NOT NULL,
    PRIMARY KEY (actor_id, date)
) WITHOUT ROWID;
CREATE TABLE topic_days (
    topic_id INTEGER NOT NULL,
    date     TEXT NOT NULL,
    articles INTEGER NOT NULL,
    PRIMARY KEY (topic_id, date)
) WITHOUT ROWID;

CREATE TABLE stats_stale (
    kind TEXT NOT NULL CHECK (kind IN ('actor', 'topic')),
    id   INTEGER NOT NULL,
    PRIMARY KEY (kind, id)
) WITHOUT ROWID;

CREATE TRIGGER mentions_moved AFTER UPDATE OF actor_id ON mentions
WHEN OLD.actor_id IS NOT NEW.actor_id BEGIN
    INSERT OR IGNORE INTO stats_stale (kind, id) SELECT 'actor', OLD.actor_id WHERE OLD.actor_id IS NOT NULL;
    INSERT OR IGNORE INTO stats_stale (kind, id) SELECT 'actor', NEW.actor_id WHERE NEW.actor_id IS NOT NULL;
END;
CREATE TRIGGER quotes_reattributed AFTER UPDATE OF speaker_id, rejected ON quotes
WHEN OLD.speaker_id IS NOT NEW.speaker_id OR OLD.rejected IS NOT NEW.rejected BEGIN
    INSERT OR IGNORE INTO stats_stale (kind, id) SELECT 'actor', OLD.speaker_id WHERE OLD.speaker_id IS NOT NULL;
    INSERT OR IGNORE INTO stats_stale (kind, id) SELECT 'actor', NEW.speaker_id WHERE NEW.speaker_id IS NOT NULL;
END;
CREATE TRIGGER article_topics_toggled AFTER UPDATE OF removed, topic_id ON article_topics
WHEN OLD.removed IS NOT NEW.removed OR OLD.topic_id IS NOT NEW.topic_id BEGIN
    INSERT OR IGNORE INTO stats_stale (kind, id) VALUES ('topic', OLD.topic_id), ('topic', NEW.topic_id);
END;
CREATE TRIGGER article_topics_curated AFTER INSERT ON article_topics WHEN NEW.curated <> 0 BEGIN
    INSERT OR IGNORE INTO stats_stale (kind, id) VALUES ('topic', NEW.topic_id);
END;
CREATE TRIGGER article_topics_uncurated AFTER DELETE ON article_topics WHEN OLD.curated <> 0 BEGIN
    INSERT OR IGNORE INTO stats_stale (kind, id) VALUES ('topic', OLD.topic_id);
END;

-- A speaker's articles straight from the index (a profile gathers them; the quote rows were
-- read one by one before).
DROP INDEX quotes_speaker;
CREATE INDEX quotes_speaker ON quotes(speaker_id, article_id);

-- The actors merged into one (its profile lists their names): found without reading every actor.
CREATE INDEX actors_merged_into ON actors(merged_into) WHERE merged_into IS NOT NULL;

-- Long tasks that can stop and go on later: where each stopped (re-analysis: the last article
-- done). A task's row commits with the work it describes and is removed when the task ends.
CREATE TABLE task_progress (
    task     TEXT PRIMARY KEY,
    position INTEGER NOT NULL
) WITHOUT ROWID;

-- The article a correction concerns (from its rule), so an import or re-analysis finds the
-- corrections of each article through an index instead of reading every rule. Triggers keep it
-- in step with the rule; an unreadable rule concerns no article.
ALTER TABLE corrections ADD COLUMN article INTEGER;
UPDATE corrections SET article = CASE WHEN json_valid(rule) THEN json_extract(rule, '$.article') END;
CREATE INDEX corrections_article ON corrections(article) WHERE article IS NOT NULL;
CREATE TRIGGER corrections_article_added AFTER INSERT ON corrections BEGIN
    UPDATE corrections SET article = CASE WHEN json_valid(NEW.rule) THEN json_extract(NEW.rule, '$.article') END
    WHERE id = NEW.id;
END;
CREATE TRIGGER corrections_article_changed AFTER UPDATE OF rule ON corrections BEGIN
    UPDATE corrections SET article = CASE WHEN json_valid(NEW.rule) THEN json_extract(NEW.rule, '$.article') END
    WHERE id = NEW.id;
END;

-- The summaries of what is stored already.
INSERT INTO actor_stats (actor_id, mentions, articles, first_seen, last_seen)
    SELECT m.actor_id, count(*), count(DISTINCT m.article_id), min(a.date), max(a.date)
    FROM mentions m JOIN articles a ON a.id = m.article_id
    WHERE m.actor_id IS NOT NULL GROUP BY m.actor_id;
INSERT INTO actor_stats (actor_id, quotes)
    SELECT speaker_id, count(*) FROM quotes WHERE speaker_id IS NOT NULL AND rejected = 0 GROUP BY speaker_id
    ON CONFLICT(actor_id) DO UPDATE SET quotes = excluded.quotes;
INSERT INTO topic_stats (topic_id, articles, first_seen, last_seen)
    SELECT t.topic_id, count(*), min(a.date), max(a.date)
    FROM article_topics t JOIN articles a ON a.id = t.article_id
    WHERE t.removed = 0 GROUP BY t.topic_id;
INSERT INTO actor_days (actor_id, date, mentions)
    SELECT m.actor_id, a.date, count(*) FROM mentions m JOIN articles a ON a.id = m.article_id
    WHERE m.actor_id IS NOT NULL AND a.date IS NOT NULL GROUP BY m.actor_id, a.date;
INSERT INTO topic_days (topic_id, date, articles)
    SELECT t.topic_id, a.date, count(*) FROM article_topics t JOIN articles a ON a.id = t.article_id
    WHERE t.removed = 0 AND a.date IS NOT NULL GROUP BY t.topic_id, a.date;
"#,
    // 8: the outlet of each article from an index, so a briefing counts the outlets of a large
    // dossier without reading every article's row (texts included).
    r#"
CREATE INDEX articles_source ON articles(source) WHERE source IS NOT NULL;
"#,
];
