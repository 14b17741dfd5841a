package io.flowproof.cli;

/** {@code java -jar flowproof-cli.jar ...}: runs one command and exits with its code. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(Cli.run(args, CliEnv.system()));
    }
}
