-- idempotency keys recorded in the transaction of the message they record (issue 27; docs/store.md, docs/pipeline.md
-- "Idempotency"): owner (lower-cased) and key, where the message went, and when (epoch ms, for the dedupe retention)
CREATE TABLE mail_recorded_key (
    owner        TEXT   NOT NULL,
    okey         TEXT   NOT NULL,
    folder       TEXT   NOT NULL,
    uid_validity BIGINT NOT NULL,
    uid          BIGINT NOT NULL,
    recorded_at  BIGINT NOT NULL,
    PRIMARY KEY (owner, okey)
);

CREATE INDEX mail_recorded_key_at ON mail_recorded_key (recorded_at);
