package io.flowproof.infra.secrets;

import io.flowproof.domain.port.SecretResolver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.core.JacksonException;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Secrets from a flat YAML mapping ({@code KEY: value}), values converted to strings. The file is optional and
 * re-read when it changes (checked by modification time on each lookup), so editing it needs no restart. An
 * unreadable file is logged once per change, by path and reason only: values are never logged.
 */
public final class FileSecretResolver implements SecretResolver {

    private static final Logger log = LoggerFactory.getLogger(FileSecretResolver.class);
    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private final Path file;
    private volatile Snapshot snapshot = new Snapshot(null, Map.of());

    public FileSecretResolver(Path file) {
        this.file = file;
    }

    public Path file() {
        return file;
    }

    @Override
    public Mono<String> secret(String key) {
        // a stat (and, after a change, a read) of a small file: blocking, so off the event loop
        return Mono.fromCallable(() -> current().get(key)).subscribeOn(Schedulers.boundedElastic());
    }

    /** The secrets as of now (synchronously). */
    Map<String, String> current() {
        FileTime modified;
        try {
            modified = Files.getLastModifiedTime(file);
        } catch (NoSuchFileException e) {
            snapshot = new Snapshot(null, Map.of());
            return Map.of();
        } catch (IOException e) {
            log.warn("Cannot read the secrets file {}: {}", file, e.getClass().getSimpleName());
            return snapshot.values;
        }
        Snapshot seen = snapshot;
        if (modified.equals(seen.modified)) {
            return seen.values;
        }
        Map<String, String> values = load();
        snapshot = new Snapshot(modified, values);
        return values;
    }

    private Map<String, String> load() {
        try {
            Object root = YAML.readValue(Files.readString(file), Object.class);
            if (root == null) {
                return Map.of();
            }
            if (!(root instanceof Map<?, ?> map)) {
                log.warn("The secrets file {} is not a mapping of KEY: value; it is ignored", file);
                return Map.of();
            }
            return Map.copyOf(SecretValues.asStrings(map));
        } catch (JacksonException e) {
            // the parser's message may quote file content, so only the position is logged
            var where = e.getLocation();
            log.warn("The secrets file {} is not valid YAML (line {}); it is ignored", file, where == null ? "?" : where.getLineNr());
            return Map.of();
        } catch (IOException e) {
            log.warn("Cannot read the secrets file {}: {}", file, e.getClass().getSimpleName());
            return Map.of();
        }
    }

    private record Snapshot(FileTime modified, Map<String, String> values) {}
}
