package io.copygate.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * The gateway's database: a HikariCP pool, the Flyway migrations applied at start, and one way to
 * run work in a transaction. PostgreSQL in production and tests; an H2 file in PostgreSQL mode is
 * the zero-set-up default.
 */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;

    /** Something done with one connection inside one transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    public Database(String url, String user, String password, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(poolSize);
        config.setPoolName("copygate");
        config.setAutoCommit(true);
        if (url.startsWith("jdbc:postgresql:")) {
            // a fan-out's planned orders are one batch insert: sent as multi-row INSERTs, not one per order
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        this.dataSource = new HikariDataSource(config);
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration").load().migrate();
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    /** Runs {@code work} on a connection in auto-commit mode (single statements, reads). */
    public <T> T withConnection(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
