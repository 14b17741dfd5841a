package io.flowproof.infra.postgres;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * Run in a child JVM by {@link LocalPostgresCrashTest}: starts the local cluster in {@code args[0]}, writes a row,
 * prints {@code READY <postmaster pid>} and waits to be killed with SIGKILL — so it never stops Postgres.
 */
public final class LocalPostgresChild {

    static final String ROW = "written before kill -9";

    private LocalPostgresChild() {
    }

    public static void main(String[] args) throws Exception {
        LocalPostgres postgres = LocalPostgres.start(Path.of(args[0]));
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.username(), "");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE crash_marker (note text NOT NULL)");
            statement.execute("INSERT INTO crash_marker VALUES ('" + ROW + "')");
        }
        System.out.println("READY " + postgres.postmasterPid().orElseThrow() + " "
                + postgres.startupTime().toMillis());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
