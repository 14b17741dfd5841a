package io.flowproof.infra.postgres;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Where the Postgres database is and how to log in, parsed from {@code FLOWPROOF_DATABASE_URL}.
 *
 * <p>Accepted forms (credentials percent-encoded, port defaults to 5432):
 * <ul>
 *   <li>{@code postgresql://user:pass@host:5432/db?sslmode=require} (libpq style, also {@code postgres://})</li>
 *   <li>{@code jdbc:postgresql://host:5432/db?user=u&password=p&sslmode=require}</li>
 *   <li>{@code r2dbc:postgresql://user:pass@host:5432/db?sslMode=require} (also {@code r2dbc:postgres://})</li>
 * </ul>
 * Supported parameters: {@code sslmode} (disable, allow, prefer, require, verify-ca, verify-full),
 * {@code sslrootcert}, {@code application_name}, {@code currentSchema}, {@code preparedStatementCacheQueries}
 * ({@code 0} behind RDS Proxy, so connections are not pinned); any other parameter is rejected so a
 * typo never silently weakens the connection (e.g. a misspelt {@code sslmode}).
 *
 * <p>The derived {@link #r2dbcUrl()} and {@link #jdbcUrl()} never contain credentials; they travel separately
 * ({@code spring.r2dbc.username/password}, {@code spring.flyway.user/password}). {@link #toString()} and every
 * error message leave the password (and the raw URL, which may hold it) out.
 */
public record DatabaseSettings(String host, int port, String database, String username, String password,
                               Map<String, String> parameters) {

    /** The environment variable (property {@code flowproof.database.url}) these settings usually come from. */
    public static final String VARIABLE = "FLOWPROOF_DATABASE_URL";
    public static final int DEFAULT_PORT = 5432;

    private static final Set<String> SSL_MODES =
            Set.of("disable", "allow", "prefer", "require", "verify-ca", "verify-full");

    /** Canonical parameter name -> (JDBC name, R2DBC name). */
    private static final Map<String, String[]> DRIVER_NAMES = Map.of(
            "sslmode", new String[] {"sslmode", "sslMode"},
            "sslrootcert", new String[] {"sslrootcert", "sslRootCert"},
            "application_name", new String[] {"ApplicationName", "applicationName"},
            "currentSchema", new String[] {"currentSchema", "currentSchema"},
            "preparedStatementCacheQueries", new String[] {"preparedStatementCacheQueries", "preparedStatementCacheQueries"});

    /** Accepted spellings (lower case) -> canonical parameter name. */
    private static final Map<String, String> ALIASES = Map.of(
            "sslmode", "sslmode",
            "sslrootcert", "sslrootcert",
            "application_name", "application_name",
            "applicationname", "application_name",
            "currentschema", "currentSchema",
            "schema", "currentSchema",
            "preparedstatementcachequeries", "preparedStatementCacheQueries");

    public DatabaseSettings {
        requireText(host, "host");
        requireText(database, "database");
        requireText(username, "user");
        if (port < 1 || port > 65_535) {
            throw invalid("port " + port + " is out of range");
        }
        password = password == null ? "" : password;
        parameters = Map.copyOf(parameters);
    }

    /** Settings without extra parameters (the embedded cluster uses these). */
    public static DatabaseSettings of(String host, int port, String database, String username, String password) {
        return new DatabaseSettings(host, port, database, username, password, Map.of());
    }

    /**
     * Parses a database URL in any of the accepted forms.
     *
     * @throws IllegalArgumentException naming {@value #VARIABLE} when the URL is malformed; the message never
     *                                  repeats the URL or the password
     */
    public static DatabaseSettings fromUrl(String url) {
        if (url == null || url.isBlank()) {
            throw invalid("is empty");
        }
        String text = url.strip();
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:")) {
            text = text.substring("jdbc:".length());
        } else if (lower.startsWith("r2dbc:pool:")) {
            text = text.substring("r2dbc:pool:".length());
        } else if (lower.startsWith("r2dbc:")) {
            text = text.substring("r2dbc:".length());
        }
        int schemeEnd = text.indexOf("://");
        String scheme = schemeEnd < 0 ? "" : text.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        if (!scheme.equals("postgresql") && !scheme.equals("postgres")) {
            throw invalid("must start with postgresql://, postgres://, jdbc:postgresql:// or r2dbc:postgresql://");
        }
        URI uri = toUri(text);
        String host = uri.getHost();
        if (host == null || host.isBlank()) {
            throw invalid("has no valid host (one host only; percent-encode special characters such as @ : / # "
                    + "in the user name and password)");
        }
        int port = uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort();
        String database = databaseOf(uri);

        String username = null;
        String password = null;
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            username = decode(colon < 0 ? userInfo : userInfo.substring(0, colon), "user name");
            password = colon < 0 ? null : decode(userInfo.substring(colon + 1), "password");
        }
        Map<String, String> parameters = new LinkedHashMap<>();
        for (Map.Entry<String, String> query : queryOf(uri).entrySet()) {
            String name = query.getKey();
            String value = query.getValue();
            switch (name.toLowerCase(Locale.ROOT)) {
                case "user" -> username = value;
                case "password" -> password = value;
                case "ssl" -> {
                    // pgjdbc: ssl=true without sslmode means verify-full
                    if (Boolean.parseBoolean(value)) {
                        parameters.putIfAbsent("sslmode", "verify-full");
                    }
                }
                default -> {
                    String canonical = ALIASES.get(name.toLowerCase(Locale.ROOT));
                    if (canonical == null) {
                        throw invalid("has the unsupported parameter '" + name + "' (supported: sslmode, "
                                + "sslrootcert, application_name, currentSchema, preparedStatementCacheQueries)");
                    }
                    parameters.put(canonical, value);
                }
            }
        }
        String sslMode = parameters.get("sslmode");
        if (sslMode != null) {
            String normalised = sslMode.toLowerCase(Locale.ROOT);
            if (!SSL_MODES.contains(normalised)) {
                throw invalid("has an unknown sslmode '" + sslMode + "' (one of " + String.join(", ",
                        SSL_MODES.stream().sorted().toList()) + ")");
            }
            parameters.put("sslmode", normalised);
        }
        if (username == null || username.isBlank()) {
            throw invalid("has no user (postgresql://USER:PASSWORD@host:port/database)");
        }
        return new DatabaseSettings(host, port, database, username, password, parameters);
    }

    /** {@code r2dbc:postgresql://host:port/db?sslMode=...}, without credentials. */
    public String r2dbcUrl() {
        return "r2dbc:postgresql://" + hostAndPort() + "/" + encode(database) + query(1);
    }

    /** {@code jdbc:postgresql://host:port/db?sslmode=...}, without credentials (Flyway's URL). */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + hostAndPort() + "/" + encode(database) + query(0);
    }

    /** {@code host:port/database} for log lines; no user, no password. */
    public String description() {
        return hostAndPort() + "/" + database;
    }

    /** The SSL mode asked for, {@code null} when the URL leaves it to the driver default. */
    public String sslMode() {
        return parameters.get("sslmode");
    }

    @Override
    public String toString() {
        return "DatabaseSettings[" + username + "@" + description()
                + (parameters.isEmpty() ? "" : " " + parameters)
                + (password.isEmpty() ? "" : " password=****") + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DatabaseSettings that && port == that.port && host.equals(that.host)
                && database.equals(that.database) && username.equals(that.username)
                && password.equals(that.password) && parameters.equals(that.parameters);
    }

    @Override
    public int hashCode() {
        return Objects.hash(host, port, database, username, parameters);
    }

    private String hostAndPort() {
        boolean ipv6 = host.indexOf(':') >= 0 && !host.startsWith("[");
        return (ipv6 ? "[" + host + "]" : host) + ":" + port;
    }

    private String query(int driver) {
        if (parameters.isEmpty()) {
            return "";
        }
        StringJoiner joiner = new StringJoiner("&", "?", "");
        parameters.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> joiner.add(DRIVER_NAMES.get(e.getKey())[driver] + "=" + encode(e.getValue())));
        return joiner.toString();
    }

    private static URI toUri(String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            // Deliberately no cause and no input: URISyntaxException's message repeats the URL, password included.
            throw invalid("is not a valid URL (" + e.getReason() + " at index " + e.getIndex()
                    + "; percent-encode special characters in the user name and password)");
        }
    }

    private static String databaseOf(URI uri) {
        String path = uri.getRawPath();
        String name = path == null || path.length() <= 1 ? "" : decode(path.substring(1), "database name");
        if (name.isBlank() || name.contains("/")) {
            throw invalid("must name one database (…/DATABASE)");
        }
        return name;
    }

    private static Map<String, String> queryOf(URI uri) {
        Map<String, String> query = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals), "parameter name");
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1), "parameter value");
            query.put(name, value);
        }
        return query;
    }

    /** RFC 3986 percent-decoding; unlike {@code URLDecoder} a '+' stays a '+'. */
    private static String decode(String raw, String what) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0
                        || Character.digit(raw.charAt(i + 2), 16) < 0) {
                    throw invalid("has a broken percent-encoding in the " + what);
                }
                bytes.write(Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
                i += 2;
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String encode(String value) {
        StringBuilder out = new StringBuilder(value.length());
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
                out.append(c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
        }
        return out.toString();
    }

    private static void requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw invalid("has no " + what);
        }
    }

    private static IllegalArgumentException invalid(String problem) {
        return new IllegalArgumentException(VARIABLE + " " + problem);
    }
}
