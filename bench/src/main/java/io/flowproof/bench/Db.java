package io.flowproof.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** A JDBC connection to the app's embedded Postgres (user {@code postgres}, database {@code flowproof}). */
final class Db implements AutoCloseable {

    private final Connection connection;

    Db(int port) {
        try {
            connection = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/flowproof", "postgres", "");
            connection.setAutoCommit(true);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot connect to the app's Postgres on port " + port, e);
        }
    }

    Connection connection() {
        return connection;
    }

    long count(String sql) {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    void execute(String sql) {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The plan of {@code sql} (EXPLAIN ANALYZE), one string. */
    String explain(String sql) {
        StringBuilder plan = new StringBuilder();
        try (Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("EXPLAIN (ANALYZE, COSTS OFF) " + sql)) {
            while (rs.next()) {
                plan.append(rs.getString(1)).append('\n');
            }
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
        return plan.toString();
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // closing anyway
        }
    }
}
