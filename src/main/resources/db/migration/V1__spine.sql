-- copygate schema, one set for PostgreSQL (production, tests) and H2 in PostgreSQL mode (first run).
-- Money and quantities are NUMERIC, never floating point. Times are UTC instants.

CREATE TABLE tenants (
    id          VARCHAR(64)  PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    created_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- A trading account at a broker. Credentials are AES-256-GCM ciphertext (security.CredentialVault).
CREATE TABLE accounts (
    id               VARCHAR(64)  PRIMARY KEY,
    tenant_id        VARCHAR(64)  NOT NULL REFERENCES tenants(id),
    broker           VARCHAR(32)  NOT NULL,
    broker_account   VARCHAR(128) NOT NULL,
    status           VARCHAR(16)  NOT NULL DEFAULT 'active',   -- active | disabled | failed
    status_reason    VARCHAR(1000),
    settings         TEXT         NOT NULL DEFAULT '{}',        -- JSON: baseUrl, environment, mode ...
    credentials_enc  TEXT,
    created_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX accounts_tenant ON accounts (tenant_id);

-- Webhook tokens identify a master account; only their SHA-256 is stored.
CREATE TABLE webhook_tokens (
    token_sha256   CHAR(64)     PRIMARY KEY,
    account_id     VARCHAR(64)  NOT NULL REFERENCES accounts(id),
    ip_allowlist   VARCHAR(2000),                               -- comma-separated IPs/CIDRs; null = any
    active         BOOLEAN      NOT NULL DEFAULT TRUE,
    created_at     TIMESTAMP(6) WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- Keys that sign POST /webhooks/signal (HMAC-SHA256); the secret is encrypted like credentials.
CREATE TABLE signal_keys (
    key_id      VARCHAR(64)  PRIMARY KEY,
    account_id  VARCHAR(64)  NOT NULL REFERENCES accounts(id),
    secret_enc  TEXT         NOT NULL,
    active      BOOLEAN      NOT NULL DEFAULT TRUE,
    created_at  TIMESTAMP(6) WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- Master -> follower, with the follower's copy rules as JSON (copy.CopyRules) so new rules need no migration.
CREATE TABLE copy_links (
    id                   VARCHAR(64)  PRIMARY KEY,
    tenant_id            VARCHAR(64)  NOT NULL REFERENCES tenants(id),
    master_account_id    VARCHAR(64)  NOT NULL REFERENCES accounts(id),
    follower_account_id  VARCHAR(64)  NOT NULL REFERENCES accounts(id),
    status               VARCHAR(16)  NOT NULL DEFAULT 'active',  -- active | paused
    rules                TEXT         NOT NULL DEFAULT '{}',
    created_at           TIMESTAMP(6) WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    updated_at           TIMESTAMP(6) WITH TIME ZONE NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT copy_links_pair UNIQUE (master_account_id, follower_account_id)
);
CREATE INDEX copy_links_master ON copy_links (master_account_id);

-- The journal: every accepted signal, once. The unique key is what makes a repeat a duplicate.
CREATE TABLE signals (
    id                 VARCHAR(40)   PRIMARY KEY,
    tenant_id          VARCHAR(64)   NOT NULL,
    source             VARCHAR(64)   NOT NULL,
    source_event_id    VARCHAR(200)  NOT NULL,
    master_account_id  VARCHAR(64)   NOT NULL,
    kind               VARCHAR(24)   NOT NULL,
    symbol             VARCHAR(64),
    asset_class        VARCHAR(16),
    side               VARCHAR(8),
    quantity           NUMERIC(30,10),
    order_type         VARCHAR(16),
    limit_price        NUMERIC(30,10),
    stop_price         NUMERIC(30,10),
    time_in_force      VARCHAR(8),
    stop_loss          NUMERIC(30,10),
    stop_loss_limit    NUMERIC(30,10),
    take_profit        NUMERIC(30,10),
    price              NUMERIC(30,10),
    target_position    NUMERIC(30,10),
    master_order_ref   VARCHAR(128),
    body_sha256        CHAR(64),
    source_time        TIMESTAMP(6) WITH TIME ZONE,
    received_at        TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    journaled_at       TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    raw                TEXT,
    CONSTRAINT signals_source_event UNIQUE (source, source_event_id)
);
CREATE INDEX signals_master_received ON signals (master_account_id, received_at);
CREATE INDEX signals_received ON signals (received_at);

-- The outbox: one row per follower order. id is the client order id every broker sees.
CREATE TABLE copy_orders (
    id                   VARCHAR(32)   PRIMARY KEY,
    signal_id            VARCHAR(40)   NOT NULL REFERENCES signals(id),
    link_id              VARCHAR(64)   NOT NULL,
    tenant_id            VARCHAR(64)   NOT NULL,
    follower_account_id  VARCHAR(64)   NOT NULL,
    broker               VARCHAR(32)   NOT NULL,
    intent               VARCHAR(8)    NOT NULL,
    target_order_id      VARCHAR(32),
    symbol               VARCHAR(64)   NOT NULL,
    asset_class          VARCHAR(16)   NOT NULL,
    side                 VARCHAR(8),
    quantity             NUMERIC(30,10),
    order_type           VARCHAR(16),
    limit_price          NUMERIC(30,10),
    stop_price           NUMERIC(30,10),
    time_in_force        VARCHAR(8),
    stop_loss            NUMERIC(30,10),
    stop_loss_limit      NUMERIC(30,10),
    take_profit          NUMERIC(30,10),
    reference_price      NUMERIC(30,10),
    state                VARCHAR(16)   NOT NULL,
    attempts             INTEGER       NOT NULL DEFAULT 0,
    last_error           VARCHAR(2000),
    broker_order_id      VARCHAR(128),
    broker_symbol        VARCHAR(64),
    broker_status        VARCHAR(32),       -- the broker's own word: working | filled | cancelled ...
    filled_quantity      NUMERIC(30,10) NOT NULL DEFAULT 0,
    received_at          TIMESTAMP(6) WITH TIME ZONE NOT NULL,  -- when the signal arrived
    planned_at           TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    sent_at              TIMESTAMP(6) WITH TIME ZONE,
    acked_at             TIMESTAMP(6) WITH TIME ZONE,
    updated_at           TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
CREATE INDEX copy_orders_signal ON copy_orders (signal_id);
CREATE INDEX copy_orders_state ON copy_orders (state);
CREATE INDEX copy_orders_account_state ON copy_orders (follower_account_id, state);
CREATE INDEX copy_orders_account_symbol ON copy_orders (follower_account_id, symbol);

-- Followers the planner did not copy to, and why.
CREATE TABLE copy_skips (
    id                   BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    signal_id            VARCHAR(40)   NOT NULL REFERENCES signals(id),
    link_id              VARCHAR(64)   NOT NULL,
    follower_account_id  VARCHAR(64)   NOT NULL,
    reason_code          VARCHAR(48)   NOT NULL,
    reason               VARCHAR(1000) NOT NULL,
    created_at           TIMESTAMP(6) WITH TIME ZONE NOT NULL
);
CREATE INDEX copy_skips_signal ON copy_skips (signal_id);

-- Executions on accounts, once per (account, broker fill id).
CREATE TABLE fills (
    id               BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    account_id       VARCHAR(64)    NOT NULL,
    fill_id          VARCHAR(128)   NOT NULL,
    broker_order_id  VARCHAR(128),
    copy_order_id    VARCHAR(32),
    symbol           VARCHAR(64)    NOT NULL,
    side             VARCHAR(8)     NOT NULL,
    quantity         NUMERIC(30,10) NOT NULL,
    price            NUMERIC(30,10) NOT NULL,
    fee              NUMERIC(30,10) NOT NULL DEFAULT 0,
    realized_pnl     NUMERIC(30,10) NOT NULL DEFAULT 0,
    filled_at        TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT fills_account_fill UNIQUE (account_id, fill_id)
);
CREATE INDEX fills_copy_order ON fills (copy_order_id);
CREATE INDEX fills_account_time ON fills (account_id, filled_at);

-- Signed net position per account and instrument, kept from fills.
CREATE TABLE positions (
    account_id      VARCHAR(64)    NOT NULL,
    symbol          VARCHAR(64)    NOT NULL,
    asset_class     VARCHAR(16)    NOT NULL,
    quantity        NUMERIC(30,10) NOT NULL,
    average_price   NUMERIC(30,10) NOT NULL,
    realized_pnl    NUMERIC(30,10) NOT NULL DEFAULT 0,
    updated_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    PRIMARY KEY (account_id, symbol)
);

-- Deliveries that exhausted their retries; ops replay or discard them.
CREATE TABLE dead_letters (
    id              BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    copy_order_id   VARCHAR(32)   NOT NULL REFERENCES copy_orders(id),
    route_id        VARCHAR(128),
    error_class     VARCHAR(200),
    error           VARCHAR(2000),
    attempts        INTEGER       NOT NULL,
    status          VARCHAR(16)   NOT NULL DEFAULT 'open',   -- open | replayed | discarded
    created_at      TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    resolved_at     TIMESTAMP(6) WITH TIME ZONE,
    resolved_by     VARCHAR(128)
);
CREATE INDEX dead_letters_status ON dead_letters (status, created_at);

CREATE TABLE audit_log (
    id        BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    at        TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    actor     VARCHAR(128)  NOT NULL,
    action    VARCHAR(64)   NOT NULL,
    subject   VARCHAR(200),
    detail    VARCHAR(4000)
);
CREATE INDEX audit_log_at ON audit_log (at);

-- The built-in paper broker's own book. client_order_id is unique, as at a real broker.
CREATE TABLE paper_orders (
    broker_order_id   VARCHAR(40)    PRIMARY KEY,
    client_order_id   VARCHAR(64)    NOT NULL,
    account_id        VARCHAR(64)    NOT NULL,
    symbol            VARCHAR(64)    NOT NULL,
    asset_class       VARCHAR(16)    NOT NULL,
    side              VARCHAR(8)     NOT NULL,
    quantity          NUMERIC(30,10) NOT NULL,
    order_type        VARCHAR(16)    NOT NULL,
    limit_price       NUMERIC(30,10),
    stop_price        NUMERIC(30,10),
    time_in_force     VARCHAR(8)     NOT NULL,
    status            VARCHAR(16)    NOT NULL,   -- pending | working | filled | cancelled
    filled_quantity   NUMERIC(30,10) NOT NULL DEFAULT 0,
    oco_group         VARCHAR(64),               -- a bracket's stop-loss and take-profit cancel each other
    parent_order_id   VARCHAR(40),               -- a bracket leg waits (pending) until its entry fills
    average_price     NUMERIC(30,10),
    created_at        TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    updated_at        TIMESTAMP(6) WITH TIME ZONE NOT NULL,
    CONSTRAINT paper_orders_client_id UNIQUE (account_id, client_order_id)
);
CREATE INDEX paper_orders_working ON paper_orders (symbol, status);

-- Reporting: trade history (every fill with the signal and copy order behind it).
CREATE VIEW trade_history AS
SELECT f.filled_at, f.account_id, f.symbol, f.side, f.quantity, f.price, f.fee, f.realized_pnl,
       f.copy_order_id, o.signal_id, s.master_account_id, s.source, f.broker_order_id
FROM fills f
LEFT JOIN copy_orders o ON o.id = f.copy_order_id
LEFT JOIN signals s ON s.id = o.signal_id;

-- Reporting: copy latency per order, received -> sent -> acked, in milliseconds.
CREATE VIEW copy_latency AS
SELECT o.id AS copy_order_id, o.signal_id, o.follower_account_id, o.broker, o.state,
       o.received_at, o.sent_at, o.acked_at,
       CAST(EXTRACT(EPOCH FROM (o.sent_at - o.received_at)) * 1000 AS NUMERIC(18,3)) AS received_to_sent_ms,
       CAST(EXTRACT(EPOCH FROM (o.acked_at - o.sent_at)) * 1000 AS NUMERIC(18,3)) AS sent_to_acked_ms,
       CAST(EXTRACT(EPOCH FROM (o.acked_at - o.received_at)) * 1000 AS NUMERIC(18,3)) AS received_to_acked_ms
FROM copy_orders o;
