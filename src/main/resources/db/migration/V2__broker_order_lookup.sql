-- Fills and cancels from venues that do not echo the client order id find their copy order by the broker's id.
CREATE INDEX copy_orders_account_broker_order ON copy_orders (follower_account_id, broker_order_id);
