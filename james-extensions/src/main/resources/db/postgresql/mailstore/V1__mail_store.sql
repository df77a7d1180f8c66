-- cpm-mss message store on PostgreSQL (docs/store.md, "On PostgreSQL"). History table: cpm_mailstore_schema_history.

-- folders; last_uid and highest_modseq are the allocators (only ever incremented, UPDATE ... RETURNING)
CREATE TABLE mail_folder (
    id             BIGSERIAL PRIMARY KEY,
    namespace      TEXT   NOT NULL,
    owner          TEXT   NOT NULL,
    name           TEXT   NOT NULL,
    uid_validity   BIGINT NOT NULL,
    last_uid       BIGINT NOT NULL DEFAULT 0,
    highest_modseq BIGINT NOT NULL DEFAULT 0,
    CONSTRAINT mail_folder_name UNIQUE (namespace, owner, name)
);

-- single-instance bytes: one row per distinct content (SHA-256), counted by the messages that reference it;
-- the bytes in a table of their own so that counting a reference rewrites only this narrow row
CREATE TABLE mail_content (
    id     BIGSERIAL PRIMARY KEY,
    digest BYTEA   NOT NULL,
    length INTEGER NOT NULL,
    refs   INTEGER NOT NULL,
    CONSTRAINT mail_content_digest UNIQUE (digest)
);

CREATE TABLE mail_content_bytes (
    content_id BIGINT PRIMARY KEY REFERENCES mail_content (id) ON DELETE CASCADE,
    bytes      BYTEA NOT NULL
);

-- message metadata; the MIME summary as the embedded store keeps it (mime_props: namespace, name, value triples)
CREATE TABLE mail_message (
    folder_id      BIGINT  NOT NULL,
    uid            BIGINT  NOT NULL,
    modseq         BIGINT  NOT NULL,
    flags          INTEGER NOT NULL,
    keywords       TEXT    NOT NULL,
    internal_date  BIGINT  NOT NULL,
    save_date      BIGINT  NOT NULL,
    message_id     TEXT    NOT NULL,
    thread_id      TEXT,
    media_type     TEXT,
    sub_type       TEXT,
    line_count     BIGINT,
    mime_props     TEXT[]  NOT NULL,
    header_content BIGINT  NOT NULL REFERENCES mail_content (id),
    body_content   BIGINT  NOT NULL REFERENCES mail_content (id),
    PRIMARY KEY (folder_id, uid)
);

CREATE INDEX mail_message_modseq ON mail_message (folder_id, modseq);
CREATE INDEX mail_message_header_content ON mail_message (header_content);
CREATE INDEX mail_message_body_content ON mail_message (body_content);

-- keywords ever set in a folder (IMAP FLAGS only grows)
CREATE TABLE mail_folder_keyword (
    folder_id BIGINT NOT NULL,
    keyword   TEXT   NOT NULL,
    PRIMARY KEY (folder_id, keyword)
);

-- IMAP METADATA entries (entry_key = lower-cased entry name)
CREATE TABLE mail_annotation (
    folder_id   BIGINT NOT NULL,
    entry_key   TEXT   NOT NULL,
    entry       TEXT   NOT NULL,
    entry_value TEXT   NOT NULL,
    PRIMARY KEY (folder_id, entry_key)
);

-- LSUB
CREATE TABLE mail_subscription (
    owner       TEXT NOT NULL,
    folder_name TEXT NOT NULL,
    PRIMARY KEY (owner, folder_name)
);
