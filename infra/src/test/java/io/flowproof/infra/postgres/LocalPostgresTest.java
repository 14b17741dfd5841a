package io.flowproof.infra.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LocalPostgresTest {

    private Path dataDirectory;

    @BeforeEach
    void createDataDirectory() throws Exception {
        dataDirectory = TemporaryDirectories.create("flowproof-local-pg-");
    }

    @AfterEach
    void deleteDataDirectory() throws Exception {
        TemporaryDirectories.delete(dataDirectory);
    }

    @Test
    void keepsRowsAcrossRestartsOnTheSameDataDirectory() throws Exception {
        int firstPort;
        try (LocalPostgres postgres = LocalPostgres.start(dataDirectory)) {
            firstPort = postgres.port();
            System.out.println("first start (new cluster): " + postgres.startupTime().toMillis() + " ms");
            execute(postgres, "CREATE TABLE kept (id int PRIMARY KEY, note text)",
                    "INSERT INTO kept VALUES (1, 'survives a restart')");
        }

        try (LocalPostgres postgres = LocalPostgres.start(dataDirectory)) {
            System.out.println("restart (existing cluster): " + postgres.startupTime().toMillis() + " ms");
            assertThat(postgres.port()).isEqualTo(firstPort);
            assertThat(postgres.database()).isEqualTo("flowproof");
            assertThat(postgres.clusterDirectory()).isEqualTo(dataDirectory.resolve("postgres"));
            assertThat(query(postgres, "SELECT note FROM kept WHERE id = 1")).containsExactly("survives a restart");
        }
    }

    @Test
    void stopsEveryPostgresProcessOfTheClusterOnClose() throws Exception {
        LocalPostgres postgres = LocalPostgres.start(dataDirectory);
        Path cluster = postgres.clusterDirectory();
        long postmaster = postgres.postmasterPid().orElseThrow();
        assertThat(PostgresProcesses.servingCluster(cluster)).contains(postmaster);

        postgres.close();

        assertThat(postgres.isRunning()).isFalse();
        assertThat(PostgresProcesses.servingCluster(cluster)).isEmpty();
        assertThat(cluster.resolve("postmaster.pid")).doesNotExist();
        postgres.close(); // idempotent
    }

    @Test
    void startsDespiteAStalePostmasterPidWhoseProcessIsGone() throws Exception {
        try (LocalPostgres postgres = LocalPostgres.start(dataDirectory)) {
            execute(postgres, "CREATE TABLE kept (note text)", "INSERT INTO kept VALUES ('before the stale pid')");
        }
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        Path pidFile = dataDirectory.resolve("postgres/postmaster.pid");
        Files.writeString(pidFile, finished.pid() + "\n" + dataDirectory.resolve("postgres") + "\n1700000000\n"
                + "5432\n/tmp\nlocalhost\n  5432001         0\nready   \n");

        try (LocalPostgres postgres = LocalPostgres.start(dataDirectory)) {
            assertThat(query(postgres, "SELECT note FROM kept")).containsExactly("before the stale pid");
            assertThat(postgres.postmasterPid()).isPresent().get().isNotEqualTo(finished.pid());
        }
    }

    @Test
    void refusesASecondOwnerOfTheSameDataDirectory() {
        try (LocalPostgres postgres = LocalPostgres.start(dataDirectory)) {
            assertThatThrownBy(() -> LocalPostgres.start(dataDirectory))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already running in this JVM");
            assertThat(postgres.isRunning()).isTrue();
        }
    }

    @Test
    void refusesAnIncompleteClusterInsteadOfDeletingIt() throws Exception {
        Path leftover = Files.createDirectories(dataDirectory.resolve("postgres")).resolve("PG_VERSION");
        Files.writeString(leftover, "17\n");

        assertThatThrownBy(() -> LocalPostgres.start(dataDirectory))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("incomplete Postgres cluster");
        assertThat(leftover).exists();
        // the lock is given back, so a corrected directory can be started by this JVM
        assertThat(Files.exists(dataDirectory.resolve(LocalPostgres.LOCK_FILE))).isTrue();
        Files.delete(leftover);
        try (LocalPostgres postgres = LocalPostgres.start(dataDirectory)) {
            assertThat(query(postgres, "SELECT current_database()")).containsExactly("flowproof");
        }
    }

    @Test
    void createsAnotherDatabaseFromATemplateOnlyOnce() throws Exception {
        try (LocalPostgres postgres = LocalPostgres.start(dataDirectory)) {
            postgres.createDatabase("copy_one", "template1");
            postgres.createDatabase("copy_one", "template1");

            assertThat(query(postgres, "SELECT count(*) FROM pg_database WHERE datname = 'copy_one'"))
                    .containsExactly("1");
            assertThatThrownBy(() -> postgres.createDatabase("Robert'); DROP", "template1"))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    static void execute(LocalPostgres postgres, String... statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), "");
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    static List<String> query(LocalPostgres postgres, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), "");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            List<String> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getString(1));
            }
            return values;
        }
    }
}
