"""The store's schema, as an ordered list of migrations.

Each migration maps a dialect to its statements: ``"all"`` in a subset of SQL that SQLite and
PostgreSQL both accept, then ``"sqlite"`` or ``"postgres"`` for what only one of them has (FTS5,
GIN indexes). ``{blob}``, ``{autoinc}`` and ``{real}`` are filled per backend (``Store.types``).
A store records the highest migration it has applied in ``schema_migrations`` and applies the rest
on open, so upgrading quotetrail never needs a manual step. Never edit a released migration: append a new one.
"""

from __future__ import annotations

MIGRATIONS: list[dict[str, list[str]]] = [
    # 1: articles, inputs, failures, quotes, entities, mentions, times, stories, statements
    {
        "all": [
            """CREATE TABLE IF NOT EXISTS articles (
            id TEXT PRIMARY KEY,
            source TEXT NOT NULL,
            url TEXT,
            outlet TEXT,
            headline TEXT,
            subtitle TEXT,
            agency TEXT,
            authors TEXT NOT NULL DEFAULT '[]',
            dateline TEXT,
            published TEXT,
            updated TEXT,
            language TEXT,
            body TEXT NOT NULL,
            text TEXT NOT NULL,
            clean INTEGER NOT NULL DEFAULT 1,
            input_kind TEXT,
            warnings TEXT NOT NULL DEFAULT '[]',
            raw {blob},
            container TEXT,
            ingested_at TEXT NOT NULL,
            syndication_group TEXT,
            is_copy INTEGER NOT NULL DEFAULT 0,
            story_id TEXT
        )""",
            "CREATE INDEX IF NOT EXISTS articles_published ON articles (published)",
            "CREATE INDEX IF NOT EXISTS articles_outlet ON articles (outlet)",
            "CREATE INDEX IF NOT EXISTS articles_source ON articles (source)",
            """CREATE TABLE IF NOT EXISTS inputs (
            container TEXT PRIMARY KEY,
            status TEXT NOT NULL,
            documents INTEGER NOT NULL DEFAULT 0,
            failures INTEGER NOT NULL DEFAULT 0,
            finished_at TEXT
        )""",
            """CREATE TABLE IF NOT EXISTS failures (
            source TEXT PRIMARY KEY,
            container TEXT,
            error TEXT NOT NULL,
            at TEXT NOT NULL
        )""",
            """CREATE TABLE IF NOT EXISTS quotes (
            id TEXT PRIMARY KEY,
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            kind TEXT NOT NULL,
            content_start INTEGER NOT NULL,
            content_end INTEGER NOT NULL,
            content TEXT NOT NULL,
            cue_start INTEGER, cue_end INTEGER, cue TEXT,
            mention_start INTEGER, mention_end INTEGER, mention TEXT,
            speaker_name TEXT,
            speaker_id TEXT,
            speaker_confidence {real} NOT NULL DEFAULT 0,
            speaker_via TEXT,
            speaker_is_group INTEGER NOT NULL DEFAULT 0,
            said_on TEXT,
            published TEXT,
            outlet TEXT,
            statement_id TEXT
        )""",
            "CREATE INDEX IF NOT EXISTS quotes_article ON quotes (article_id)",
            "CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes (speaker_id)",
            "CREATE INDEX IF NOT EXISTS quotes_published ON quotes (published)",
            "CREATE INDEX IF NOT EXISTS quotes_said_on ON quotes (said_on)",
            """CREATE TABLE IF NOT EXISTS entities (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            type TEXT NOT NULL,
            roles TEXT NOT NULL DEFAULT '[]',
            merged_into TEXT
        )""",
            "CREATE INDEX IF NOT EXISTS entities_name ON entities (name)",
            """CREATE TABLE IF NOT EXISTS entity_aliases (
            alias_key TEXT NOT NULL,
            alias TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            origin TEXT NOT NULL DEFAULT 'auto',
            PRIMARY KEY (alias_key, entity_id)
        )""",
            """CREATE TABLE IF NOT EXISTS article_entities (
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            entity_id TEXT NOT NULL,
            local_name TEXT NOT NULL,
            roles TEXT NOT NULL DEFAULT '[]',
            confidence {real} NOT NULL DEFAULT 1,
            PRIMARY KEY (article_id, entity_id)
        )""",
            "CREATE INDEX IF NOT EXISTS article_entities_entity ON article_entities (entity_id)",
            """CREATE TABLE IF NOT EXISTS mentions (
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            entity_id TEXT NOT NULL,
            start_char INTEGER NOT NULL,
            end_char INTEGER NOT NULL,
            text TEXT NOT NULL,
            PRIMARY KEY (article_id, start_char, end_char)
        )""",
            "CREATE INDEX IF NOT EXISTS mentions_entity ON mentions (entity_id)",
            """CREATE TABLE IF NOT EXISTS times (
            article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
            start_char INTEGER NOT NULL,
            end_char INTEGER NOT NULL,
            text TEXT NOT NULL,
            value TEXT,
            granularity TEXT,
            PRIMARY KEY (article_id, start_char, end_char)
        )""",
            # User edits to identities (aliases, merges, splits) replayed after every ingest.
            """CREATE TABLE IF NOT EXISTS entity_edits (
            seq {autoinc},
            op TEXT NOT NULL,
            a TEXT NOT NULL,
            b TEXT,
            at TEXT NOT NULL
        )""",
            # Stories, statements and positions keep their incremental index state as JSON.
            """CREATE TABLE IF NOT EXISTS index_state (
            name TEXT PRIMARY KEY,
            state TEXT NOT NULL,
            updated_at TEXT NOT NULL
        )""",
            """CREATE TABLE IF NOT EXISTS statements (
            id TEXT PRIMARY KEY,
            speaker_id TEXT,
            speaker_name TEXT,
            position_id TEXT,
            first_seen TEXT,
            last_seen TEXT,
            wording TEXT NOT NULL,
            topics TEXT NOT NULL DEFAULT '[]',
            reports INTEGER NOT NULL DEFAULT 0
        )""",
            "CREATE INDEX IF NOT EXISTS statements_speaker ON statements (speaker_id)",
            """CREATE TABLE IF NOT EXISTS stories (
            id TEXT PRIMARY KEY,
            title TEXT,
            first_seen TEXT,
            last_seen TEXT,
            articles INTEGER NOT NULL DEFAULT 0,
            outlets INTEGER NOT NULL DEFAULT 0
        )""",
        ],
        # FTS5 over quote content, kept in step by triggers.
        "sqlite": [
            """CREATE VIRTUAL TABLE IF NOT EXISTS quotes_fts USING fts5(
            content, speaker_name, content='quotes', content_rowid='rowid',
            tokenize='unicode61 remove_diacritics 2'
        )""",
            """CREATE TRIGGER IF NOT EXISTS quotes_ai AFTER INSERT ON quotes BEGIN
            INSERT INTO quotes_fts(rowid, content, speaker_name)
            VALUES (new.rowid, new.content, new.speaker_name);
        END""",
            """CREATE TRIGGER IF NOT EXISTS quotes_ad AFTER DELETE ON quotes BEGIN
            INSERT INTO quotes_fts(quotes_fts, rowid, content, speaker_name)
            VALUES ('delete', old.rowid, old.content, old.speaker_name);
        END""",
            """CREATE TRIGGER IF NOT EXISTS quotes_au AFTER UPDATE ON quotes BEGIN
            INSERT INTO quotes_fts(quotes_fts, rowid, content, speaker_name)
            VALUES ('delete', old.rowid, old.content, old.speaker_name);
            INSERT INTO quotes_fts(rowid, content, speaker_name)
            VALUES (new.rowid, new.content, new.speaker_name);
        END""",
        ],
        # PostgreSQL: full-text search on quotes through a GIN expression index, which
        # ``PostgresStore._text_match`` repeats verbatim so the planner uses it. The 'simple'
        # configuration (no stemming, no stop words) matches what FTS5's unicode61 tokenizer finds.
        "postgres": [
            "CREATE INDEX IF NOT EXISTS quotes_search ON quotes USING GIN ("
            + "to_tsvector('simple', coalesce(content, '') || ' ' || coalesce(speaker_name, '')))",
        ],
    },
    # 2: positions, and what listings need to tell copies from independent reports
    {
        "all": [
            """CREATE TABLE IF NOT EXISTS positions (
                id TEXT PRIMARY KEY,
                speaker_id TEXT,
                speaker_name TEXT,
                label TEXT,
                topics TEXT NOT NULL DEFAULT '[]',
                first_seen TEXT,
                last_seen TEXT,
                statements INTEGER NOT NULL DEFAULT 0
            )""",
            "CREATE INDEX IF NOT EXISTS positions_speaker ON positions (speaker_name)",
            "ALTER TABLE statements ADD COLUMN independent_reports INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE statements ADD COLUMN outlets TEXT NOT NULL DEFAULT '[]'",
            "ALTER TABLE stories ADD COLUMN independent INTEGER NOT NULL DEFAULT 0",
            "CREATE INDEX IF NOT EXISTS quotes_statement ON quotes (statement_id)",
            "CREATE INDEX IF NOT EXISTS articles_story ON articles (story_id)",
            "CREATE INDEX IF NOT EXISTS articles_syndication ON articles (syndication_group)",
        ],
    },
    # 3: the indexes the speaker and position pages need on a large store
    {
        "all": [
            "CREATE INDEX IF NOT EXISTS quotes_speaker_published ON quotes (speaker_id, published)",
            "CREATE INDEX IF NOT EXISTS statements_position ON statements (position_id)",
        ],
    },
    # 4: the quoted stretches of a quote broken by a frame, as [[start, end], ...]
    {"all": ["ALTER TABLE quotes ADD COLUMN parts TEXT NOT NULL DEFAULT '[]'"]},
    # 5: key phrases of each quote, computed from the article's parse
    {"all": ["ALTER TABLE quotes ADD COLUMN topics TEXT NOT NULL DEFAULT '[]'"]},
]
