-- Same-body dedupe for sources that send no event id (TradingView alerts): the journal locks the row of
-- (master, body hash) while it checks for a recent identical signal, instead of the master's account
-- row, so different alerts of one master are journaled in parallel and identical ones still one at a time.
CREATE TABLE signal_bodies (
    master_account_id  VARCHAR(64)  NOT NULL,
    body_sha256        CHAR(64)     NOT NULL,
    PRIMARY KEY (master_account_id, body_sha256)
);
