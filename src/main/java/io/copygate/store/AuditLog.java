package io.copygate.store;

import java.time.Clock;

/** Who did what to which thing, for every operator action (replay, discard, pause, config load). */
public final class AuditLog {
    private final Database db;
    private final Clock clock;

    public AuditLog(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    public void record(String actor, String action, String subject, String detail) {
        db.withConnection(c -> Sql.update(c, "INSERT INTO audit_log (at, actor, action, subject, detail) VALUES (?,?,?,?,?)",
                clock.instant(), actor, action, subject, detail == null ? null : CopyOrderOutbox.truncate(detail)));
    }
}
