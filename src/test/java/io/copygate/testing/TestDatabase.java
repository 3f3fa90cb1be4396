package io.copygate.testing;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A fresh PostgreSQL database on the local server (127.0.0.1:5432, as CI provides) for one test
 * class, dropped afterwards; or an H2 file database for the embedded-default tests.
 * Override the server with -Dcopygate.test.pg-url / -Dcopygate.test.pg-user.
 */
public final class TestDatabase implements AutoCloseable {
    private static final String ADMIN_URL = System.getProperty("copygate.test.pg-url", "jdbc:postgresql://127.0.0.1:5432/postgres");
    private static final String USER = System.getProperty("copygate.test.pg-user", "postgres");

    private final String url;
    private final String user;
    private final String name;

    private TestDatabase(String url, String user, String name) {
        this.url = url;
        this.user = user;
        this.name = name;
    }

    public static TestDatabase postgres() {
        String name = "copygate_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(ADMIN_URL, USER, ""); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("tests need PostgreSQL on " + ADMIN_URL + " (user " + USER + "): " + e.getMessage(), e);
        }
        return new TestDatabase(ADMIN_URL.substring(0, ADMIN_URL.lastIndexOf('/') + 1) + name, USER, name);
    }

    public static TestDatabase h2(java.nio.file.Path dir) {
        return new TestDatabase("jdbc:h2:file:" + dir.resolve("copygate").toAbsolutePath()
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH", "sa", null);
    }

    public String url() {
        return url;
    }

    public String user() {
        return user;
    }

    public Map<String, String> gatewayProperties() {
        return Map.of("copygate.db.url", url, "copygate.db.user", user, "copygate.db.password", "");
    }

    /** Waits until every copy order of the signal has left 'planned' and 'sent' (acked, rejected, held back...). */
    public void awaitDelivered(String signalId) {
        Await.until("copy orders of " + signalId + " delivered", java.time.Duration.ofSeconds(10), () -> count(
                "SELECT count(*) FROM copy_orders WHERE signal_id = ? AND state IN ('planned','sent')", signalId) == 0);
    }

    public long count(String sql, Object... params) {
        return ((Number) rows(sql, params).get(0).values().iterator().next()).longValue();
    }

    public List<Map<String, Object>> rows(String sql, Object... params) {
        try (Connection c = DriverManager.getConnection(url, user, ""); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<Map<String, Object>> out = new ArrayList<>();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        Object v = rs.getObject(i);
                        row.put(rs.getMetaData().getColumnLabel(i).toLowerCase(), v instanceof BigDecimal d ? plain(d) : v);
                    }
                    out.add(row);
                }
                return out;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** 20900.0000000000 and 2.09E+4 both become 20900, so tests compare with equals. */
    private static BigDecimal plain(BigDecimal d) {
        BigDecimal s = d.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }

    public void execute(String sql, Object... params) {
        try (Connection c = DriverManager.getConnection(url, user, ""); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.execute();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        if (name == null) {
            return;
        }
        try (Connection c = DriverManager.getConnection(ADMIN_URL, USER, ""); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            // a leftover test database is harmless; report it and go on
            System.err.println("could not drop " + name + ": " + e.getMessage());
        }
    }
}
