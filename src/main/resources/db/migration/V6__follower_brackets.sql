-- Follower brackets (docs/copy-rules.md, "Brackets and the order lifecycle"): the gateway places a
-- follower's stop-loss and take-profit as copy orders of their own whose target_order_id names the
-- entry they protect; the index finds an entry's legs and the modifies and cancels aimed at a leg.
CREATE INDEX copy_orders_target ON copy_orders (target_order_id);

-- The paper broker fills in parts (a trade with a size): how many fills an order has had, so each
-- fill gets its own id (<broker order id>-<n>) and a lookup can repeat a single fill's report.
ALTER TABLE paper_orders ADD COLUMN fill_count INTEGER NOT NULL DEFAULT 0;
