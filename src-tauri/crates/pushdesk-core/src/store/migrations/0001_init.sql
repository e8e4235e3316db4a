-- Settings the user chose (language, theme, ...): small key/value pairs.
CREATE TABLE settings (
    key   TEXT PRIMARY KEY NOT NULL,
    value TEXT NOT NULL
) STRICT;

-- Mini program accounts. The AppSecret (and a manual token) live in the OS keyring, never here.
CREATE TABLE accounts (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    appid       TEXT NOT NULL,
    token_mode  TEXT NOT NULL CHECK (token_mode IN ('stable', 'classic', 'external', 'manual')),
    api_base    TEXT NOT NULL,
    token_url   TEXT,
    proxy       TEXT,
    is_sandbox  INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL
) STRICT;

-- Private templates cached per account, so the Templates page works offline.
CREATE TABLE templates (
    account_id   INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
    template_id  TEXT NOT NULL,
    title        TEXT NOT NULL,
    content      TEXT NOT NULL,
    example      TEXT NOT NULL,
    kind         INTEGER NOT NULL,
    keywords     TEXT NOT NULL, -- JSON array of parsed keywords, in template order
    synced_at    TEXT NOT NULL,
    PRIMARY KEY (account_id, template_id)
) STRICT;
