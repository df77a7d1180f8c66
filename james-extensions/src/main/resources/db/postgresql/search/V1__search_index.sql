-- The shared search index of storage.backend=postgresql (docs/store.md, "Search on PostgreSQL"): one row per stored
-- message, the same fields as the embedded Lucene index (org.cpmmss.james.search.text.TextIndexFields), texts
-- folded by TextFolding (case and accents) so that IMAP SEARCH's substring match is strpos() on them.
CREATE TABLE cpm_search_entry (
    mailbox_key    text NOT NULL,                  -- upper-cased mailbox id, as TextDocuments.key
    uid            bigint NOT NULL,
    arrival_ms     text COLLATE "C" NOT NULL,      -- internal date, UTC, yyyyMMddHHmmssSSS (DateTools)
    arrival_second text COLLATE "C" NOT NULL,      -- internal date, UTC, yyyyMMddHHmmss
    saved_ms       text COLLATE "C",               -- save date, UTC, yyyyMMddHHmmssSSS
    size           bigint NOT NULL,                -- octets (LARGER, SMALLER)
    sent_day       text COLLATE "C",               -- the Date header's own day, yyyyMMdd (SENTBEFORE, SENTON, SENTSINCE)
    body           text NOT NULL,                  -- folded decoded body text (BODY, TEXT)
    header_text    text NOT NULL,                  -- folded header section (TEXT)
    header_values  jsonb NOT NULL,                 -- lower-cased name -> folded values joined by LF (HEADER, SUBJECT)
    addresses      jsonb NOT NULL,                 -- from/to/cc/bcc -> folded address text (FROM, TO, CC, BCC)
    header_names   text[] NOT NULL,                -- lower-cased names present (HEADER name "")
    words          text NOT NULL,                  -- the body's words (WordTokenizer), ' w1 w2 ... ' (HTTP history search)
    grams          tsvector NOT NULL,              -- 'b'/'h' + every trigram of body/header_text; '*' alone when too large
    word_lexemes   tsvector NOT NULL,              -- every word (first 64 characters); '*' alone when too large
    sort_subject   text NOT NULL,                  -- RFC 5256 keys
    sort_from      text NOT NULL,
    sort_to        text NOT NULL,
    sort_cc        text NOT NULL,
    sort_date      bigint NOT NULL,
    sort_arrival   bigint NOT NULL,                -- internal date, epoch milliseconds
    sort_size      bigint NOT NULL,
    PRIMARY KEY (mailbox_key, uid)
);

CREATE INDEX cpm_search_entry_grams ON cpm_search_entry USING gin (grams);
CREATE INDEX cpm_search_entry_words ON cpm_search_entry USING gin (word_lexemes);
CREATE INDEX cpm_search_entry_newest ON cpm_search_entry (mailbox_key, sort_arrival DESC, uid DESC);

-- The search indexer's "indexed up to" UID per folder, written in the transaction of the rows it covers.
CREATE TABLE cpm_search_mark (
    mailbox_key text PRIMARY KEY,
    uid         bigint NOT NULL
);
