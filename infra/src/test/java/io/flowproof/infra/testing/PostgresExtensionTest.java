package io.flowproof.infra.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PostgresExtensionTest {

    @RegisterExtension
    static final PostgresExtension postgres = PostgresExtension.freshDatabase();

    private static final PostgresExtension neighbour = PostgresExtension.freshDatabase();

    @AfterAll
    static void dropTheTable() throws SQLException {
        execute(postgres, "DROP TABLE IF EXISTS only_here");
    }

    @Test
    void runsOneClusterPerJvmInATemporaryDataDirectory() {
        Path home = Path.of(System.getProperty("user.home"));

        assertThat(PostgresExtension.dataDirectory()).isAbsolute();
        assertThat(PostgresExtension.dataDirectory().startsWith(home.resolve(".flowproof"))).isFalse();
        assertThat(PostgresExtension.cluster().clusterDirectory())
                .isEqualTo(PostgresExtension.dataDirectory().resolve("postgres"));
        assertThat(System.getProperty("flowproof.data-dir")).isEqualTo(PostgresExtension.dataDirectory().toString());
        assertThat(neighbour.port()).isEqualTo(postgres.port());
    }

    @Test
    void givesEachFreshDatabaseItsOwnRows() throws SQLException {
        execute(postgres, "CREATE TABLE only_here (note text)", "INSERT INTO only_here VALUES ('mine')");

        assertThat(neighbour.database()).isNotEqualTo(postgres.database());
        assertThat(count(postgres, "only_here")).isEqualTo(1);
        assertThat(count(neighbour, "only_here")).isZero();
        assertThat(count(new PostgresExtension(), "only_here")).isZero();
    }

    @Test
    void exposesConnectionDetailsAndSpringProperties() {
        assertThat(postgres.host()).isEqualTo("localhost");
        assertThat(postgres.username()).isEqualTo("postgres");
        assertThat(postgres.r2dbcUrl())
                .isEqualTo("r2dbc:postgresql://localhost:" + postgres.port() + "/" + postgres.database());
        assertThat(postgres.jdbcUrl())
                .isEqualTo("jdbc:postgresql://localhost:" + postgres.port() + "/" + postgres.database());
        assertThat(postgres.springProperties())
                .containsEntry("spring.r2dbc.url", postgres.r2dbcUrl())
                .containsEntry("spring.flyway.url", postgres.jdbcUrl())
                .containsEntry("spring.r2dbc.username", "postgres")
                .containsEntry("flowproof.data-dir", PostgresExtension.dataDirectory().toString());
        assertThat(new PostgresExtension().database()).isEqualTo("flowproof");
    }

    private static void execute(PostgresExtension database, String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(), "");
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static int count(PostgresExtension database, String table) throws SQLException {
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(), "");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM information_schema.tables "
                     + "WHERE table_name = '" + table + "'")) {
            rows.next();
            return rows.getInt(1) == 0 ? 0 : countRows(connection, table);
        }
    }

    private static int countRows(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
