package io.flowproof.functions.lambda;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.cloud.function.adapter.aws.FunctionInvoker;

/**
 * Run in a fresh JVM on the Lambda artifact's classpath by {@link ColdStartBenchmark}: what a cold Lambda does.
 * Prints one line: {@code init_ms=<FunctionInvoker constructor> first_ms=<first invocation> second_ms=<second>
 * status=<first response>}.
 */
public final class ColdStartProbe {

    private ColdStartProbe() {}

    public static void main(String[] args) throws Exception {
        byte[] event = Files.readAllBytes(Path.of(args[0]));
        long start = System.nanoTime();
        FunctionInvoker invoker = new FunctionInvoker();
        long initialised = System.nanoTime();
        String first = invoke(invoker, event);
        long firstDone = System.nanoTime();
        invoke(invoker, event);
        long secondDone = System.nanoTime();
        String status = first.contains("\"statusCode\"") ? first.replaceAll(".*\"statusCode\":(\\d+).*", "$1") : "raw";
        System.out.printf("COLDSTART init_ms=%d first_ms=%d second_ms=%d status=%s%n", (initialised - start) / 1_000_000,
                (firstDone - initialised) / 1_000_000, (secondDone - firstDone) / 1_000_000, status.strip());
        System.exit(0);
    }

    private static String invoke(FunctionInvoker invoker, byte[] event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        invoker.handleRequest(new ByteArrayInputStream(event), out, null);
        return out.toString(StandardCharsets.UTF_8).replace("\n", " ");
    }
}
