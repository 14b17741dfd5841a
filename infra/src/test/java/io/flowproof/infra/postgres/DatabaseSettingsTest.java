package io.flowproof.infra.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import io.r2dbc.spi.ConnectionFactoryOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatabaseSettingsTest {

    @Test
    void readsALibpqStyleUrlWithSslMode() {
        DatabaseSettings settings =
                DatabaseSettings.fromUrl("postgresql://flow:s3cret@db.example.com:6543/flowproof?sslmode=require");

        assertThat(settings.host()).isEqualTo("db.example.com");
        assertThat(settings.port()).isEqualTo(6543);
        assertThat(settings.database()).isEqualTo("flowproof");
        assertThat(settings.username()).isEqualTo("flow");
        assertThat(settings.password()).isEqualTo("s3cret");
        assertThat(settings.sslMode()).isEqualTo("require");
        assertThat(settings.r2dbcUrl()).isEqualTo("r2dbc:postgresql://db.example.com:6543/flowproof?sslMode=require");
        assertThat(settings.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example.com:6543/flowproof?sslmode=require");
        assertThat(settings.description()).isEqualTo("db.example.com:6543/flowproof");
    }

    @Test
    void acceptsThePostgresSchemeAndDefaultsThePortTo5432() {
        DatabaseSettings settings = DatabaseSettings.fromUrl("postgres://flow:pw@db.internal/events");

        assertThat(settings.port()).isEqualTo(5432);
        assertThat(settings.sslMode()).isNull();
        assertThat(settings.r2dbcUrl()).isEqualTo("r2dbc:postgresql://db.internal:5432/events");
        assertThat(settings.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:5432/events");
    }

    @Test
    void readsAJdbcUrlWithCredentialsInTheQuery() {
        DatabaseSettings settings = DatabaseSettings.fromUrl(
                "jdbc:postgresql://10.0.0.7:5433/flowproof?user=app&password=p%26ss&sslmode=verify-full");

        assertThat(settings.host()).isEqualTo("10.0.0.7");
        assertThat(settings.username()).isEqualTo("app");
        assertThat(settings.password()).isEqualTo("p&ss");
        assertThat(settings.jdbcUrl()).isEqualTo("jdbc:postgresql://10.0.0.7:5433/flowproof?sslmode=verify-full");
        assertThat(settings.r2dbcUrl()).isEqualTo("r2dbc:postgresql://10.0.0.7:5433/flowproof?sslMode=verify-full");
    }

    @Test
    void readsAnR2dbcUrlIncludingThePoolPrefixAndTheLegacyDriverName() {
        DatabaseSettings plain = DatabaseSettings.fromUrl("r2dbc:postgresql://u:p@h:5000/d?sslMode=disable");
        DatabaseSettings pooled = DatabaseSettings.fromUrl("r2dbc:pool:postgresql://u:p@h:5000/d?sslMode=disable");
        DatabaseSettings legacy = DatabaseSettings.fromUrl("r2dbc:postgres://u:p@h:5000/d?sslMode=disable");

        assertThat(plain).isEqualTo(pooled).isEqualTo(legacy);
        assertThat(plain.r2dbcUrl()).isEqualTo("r2dbc:postgresql://h:5000/d?sslMode=disable");
    }

    @Test
    void decodesPercentEncodedCredentialsWithoutTurningPlusIntoSpace() {
        DatabaseSettings settings =
                DatabaseSettings.fromUrl("postgresql://us%40er:p%3Aa%2Fs%23s%40w+rd%C3%A9@host/db");

        assertThat(settings.username()).isEqualTo("us@er");
        assertThat(settings.password()).isEqualTo("p:a/s#s@w+rdé");
        assertThat(settings.host()).isEqualTo("host");
    }

    @Test
    void mapsTheOtherSupportedParametersToEachDriversName() {
        DatabaseSettings settings = DatabaseSettings.fromUrl("postgresql://u:p@h/d?sslmode=verify-ca"
                + "&sslrootcert=/etc/ssl/root.crt&application_name=flowproof%20app&currentSchema=fp");

        assertThat(settings.jdbcUrl()).isEqualTo("jdbc:postgresql://h:5432/d?ApplicationName=flowproof%20app"
                + "&currentSchema=fp&sslmode=verify-ca&sslrootcert=/etc/ssl/root.crt");
        assertThat(settings.r2dbcUrl()).isEqualTo("r2dbc:postgresql://h:5432/d?applicationName=flowproof%20app"
                + "&currentSchema=fp&sslMode=verify-ca&sslRootCert=/etc/ssl/root.crt");
    }

    @Test
    void producesAnR2dbcUrlTheDriverUnderstands() {
        DatabaseSettings settings = DatabaseSettings.fromUrl(
                "postgresql://u:p@db.example.com:6543/flowproof?sslmode=verify-full&application_name=fp");

        ConnectionFactoryOptions options = ConnectionFactoryOptions.parse(settings.r2dbcUrl());

        assertThat(options.getValue(ConnectionFactoryOptions.DRIVER)).isEqualTo("postgresql");
        assertThat(options.getValue(ConnectionFactoryOptions.HOST)).isEqualTo("db.example.com");
        assertThat(options.getValue(ConnectionFactoryOptions.PORT)).isEqualTo(6543);
        assertThat(options.getValue(ConnectionFactoryOptions.DATABASE)).isEqualTo("flowproof");
        assertThat(options.getValue(io.r2dbc.spi.Option.valueOf("sslMode"))).isEqualTo("verify-full");
        assertThat(options.getValue(io.r2dbc.spi.Option.valueOf("applicationName"))).isEqualTo("fp");
    }

    @Test
    void treatsJdbcSslTrueAsVerifyFull() {
        assertThat(DatabaseSettings.fromUrl("jdbc:postgresql://h/d?user=u&ssl=true").sslMode())
                .isEqualTo("verify-full");
        assertThat(DatabaseSettings.fromUrl("jdbc:postgresql://h/d?user=u&ssl=true&sslmode=require").sslMode())
                .isEqualTo("require");
    }

    @Test
    void keepsAnIpv6HostInBrackets() {
        DatabaseSettings settings = DatabaseSettings.fromUrl("postgresql://u@[::1]:5433/d");

        assertThat(settings.jdbcUrl()).isEqualTo("jdbc:postgresql://[::1]:5433/d");
        assertThat(settings.password()).isEmpty();
    }

    @Test
    void leavesThePasswordOutOfToStringAndTheUrls() {
        DatabaseSettings settings = DatabaseSettings.fromUrl("postgresql://flow:TopSecret42@h:5432/d?sslmode=require");

        assertThat(settings.toString()).doesNotContain("TopSecret42").contains("flow@h:5432/d", "****");
        assertThat(settings.r2dbcUrl()).doesNotContain("TopSecret42").doesNotContain("flow");
        assertThat(settings.jdbcUrl()).doesNotContain("TopSecret42").doesNotContain("flow");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "   ",
        "mysql://u:p@h/d",
        "h:5432/d",
        "postgresql://u:p@/d",
        "postgresql://u:p@h:5432",
        "postgresql://u:p@h:5432/",
        "postgresql://u:p@h:notaport/d",
        "postgresql://h:5432/d",
        "postgresql://u:p@h/d?sslmode=sometimes",
        "postgresql://u:p@h/d?sslmod=require",
        "postgresql://u:p%zz@h/d",
        "postgresql://u:p@h1,h2/d",
        "postgresql://u:p@h/d/extra",
        "postgresql://u:p@h:70000/d",
    })
    void rejectsAMalformedUrlNamingTheVariable(String url) {
        assertThatThrownBy(() -> DatabaseSettings.fromUrl(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("FLOWPROOF_DATABASE_URL ")
                .hasNoCause();
    }

    @Test
    void neverRepeatsThePasswordOfAMalformedUrl() {
        assertThatThrownBy(() -> DatabaseSettings.fromUrl("postgresql://u:Hunter2 x@h/d"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("Hunter2");
        assertThatThrownBy(() -> DatabaseSettings.fromUrl("postgresql://u:p@ss@h/d?sslmode=Hunter2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("percent-encode");
    }

    @Test
    void explainsAnUnsupportedParameter() {
        assertThatThrownBy(() -> DatabaseSettings.fromUrl("postgresql://u:p@h/d?pgbouncer=true"))
                .hasMessageContaining("'pgbouncer'")
                .hasMessageContaining("sslmode");
    }

    @Test
    void buildsEmbeddedSettingsWithoutParameters() {
        DatabaseSettings settings = DatabaseSettings.of("localhost", 5555, "flowproof", "postgres", "");

        assertThat(settings.parameters()).isEqualTo(Map.of());
        assertThat(settings.r2dbcUrl()).isEqualTo("r2dbc:postgresql://localhost:5555/flowproof");
        assertThat(settings.toString()).doesNotContain("password");
    }

    @Test
    void passesThePreparedStatementCacheSettingToBothDriversForRdsProxy() {
        DatabaseSettings settings = DatabaseSettings.fromUrl(
                "postgresql://u:p@proxy.example.com:5432/flowproof?sslmode=require&preparedStatementCacheQueries=0");

        org.assertj.core.api.Assertions.assertThat(settings.r2dbcUrl()).contains("preparedStatementCacheQueries=0").contains("sslMode=require");
        org.assertj.core.api.Assertions.assertThat(settings.jdbcUrl()).contains("preparedStatementCacheQueries=0");
    }
}
