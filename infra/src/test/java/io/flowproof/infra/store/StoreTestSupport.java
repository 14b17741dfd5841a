package io.flowproof.infra.store;

import io.flowproof.infra.testing.PostgresExtension;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.r2dbc.connection.R2dbcTransactionManager;
import org.springframework.r2dbc.core.DatabaseClient;
import org.springframework.transaction.reactive.TransactionalOperator;

/** A migrated database of the test class's own, with a DatabaseClient and a transactional operator. */
public abstract class StoreTestSupport {

    @RegisterExtension
    protected static final PostgresExtension postgres = PostgresExtension.freshDatabase();

    protected static DatabaseClient db;
    protected static TransactionalOperator tx;

    @BeforeAll
    static void migrate() {
        Flyway.configure().dataSource(postgres.jdbcUrl(), postgres.username(), postgres.password())
                .locations("classpath:db/migration").load().migrate();
        ConnectionFactory connections = ConnectionFactories.get(postgres.r2dbcUrl()
                .replace("r2dbc:postgresql://", "r2dbc:postgresql://" + postgres.username() + "@"));
        db = DatabaseClient.create(connections);
        tx = TransactionalOperator.create(new R2dbcTransactionManager(connections));
    }
}
