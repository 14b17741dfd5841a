package io.flowproof.infra.trigger;

import io.flowproof.domain.ensure.TriggerFailure;
import io.flowproof.domain.ensure.TriggerSpec;
import io.flowproof.domain.port.TriggerExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The {@code command} trigger (flows-yaml.md §4): {@code /bin/sh -c <command>} with the idempotency key in
 * {@code FLOWPROOF_IDEMPOTENCY_KEY}, killed (with its descendants) after the node's timeout. Output
 * {@code {"stdout","stderr","returncode"}}. Off unless {@code FLOWPROOF_COMMAND_TRIGGERS=true}: a flow file must
 * not be able to run programs on a server that did not opt in.
 *
 * <p>The process is waited for on {@code Schedulers.boundedElastic()} (blocking). Its output goes to temporary
 * files rather than pipes, so a chatty command can never block on a full pipe.
 */
public final class ProcessCommandTrigger implements TriggerExecutor {

    private final boolean enabled;

    public ProcessCommandTrigger(boolean enabled) {
        this.enabled = enabled;
    }

    @Override
    public String handler() {
        return TriggerSpec.COMMAND;
    }

    @Override
    public Mono<Object> fire(TriggerRequest request) {
        if (!enabled) {
            return Mono.error(new TriggerFailure("Command triggers are disabled; set FLOWPROOF_COMMAND_TRIGGERS=true on the "
                    + "Flowproof server to allow them", false));
        }
        String command = String.valueOf(request.input().get("command"));
        return Mono.fromCallable(() -> run(command, request.idempotencyKey(), request.timeout().toMillis()))
                .subscribeOn(Schedulers.boundedElastic()); // blocking: process wait and file reads
    }

    private static Object run(String command, String idempotencyKey, long timeoutMs) throws InterruptedException {
        Path stdout = null;
        Path stderr = null;
        Process process = null;
        try {
            stdout = Files.createTempFile("flowproof-cmd", ".out");
            stderr = Files.createTempFile("flowproof-cmd", ".err");
            ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", command)
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            builder.environment().put("FLOWPROOF_IDEMPOTENCY_KEY", idempotencyKey);
            process = builder.start();
            if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
                kill(process);
                throw new TriggerFailure("Command timed out after " + timeoutMs + "ms", true);
            }
            String out = Files.readString(stdout, StandardCharsets.UTF_8);
            String err = Files.readString(stderr, StandardCharsets.UTF_8);
            int code = process.exitValue();
            if (code != 0) {
                throw new TriggerFailure("Command exited with code " + code + (err.isBlank() ? "" : ": " + abbreviate(err.strip())), true);
            }
            Map<String, Object> output = new LinkedHashMap<>();
            output.put("stdout", out);
            output.put("stderr", err);
            output.put("returncode", (long) code);
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (process != null && process.isAlive()) {
                kill(process);
            }
            delete(stdout);
            delete(stderr);
        }
    }

    private static void kill(Process process) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static void delete(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // a temporary file left behind is harmless
            }
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 500 ? text : text.substring(0, 500) + "…";
    }
}
