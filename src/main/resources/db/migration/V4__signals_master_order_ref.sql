-- A master's order as its source reports every update of it (the NinjaTrader add-on): the latest signal
-- journaled for that order tells a modification from a repeat (SignalJournal.lastOrderSignal).
CREATE INDEX signals_master_order_ref ON signals (master_account_id, master_order_ref);
