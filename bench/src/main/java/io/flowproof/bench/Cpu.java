package io.flowproof.bench;

import io.flowproof.testing.app.ProcessCpu;

/**
 * CPU seconds (user + system, including reaped children) used so far by the app's JVM, its embedded Postgres
 * (every process whose working directory is {@code <dataDir>/postgres}) and this JVM (the load generator).
 */
record Cpu(double app, double postgres, double client) {

    static Cpu of(App app) {
        return new Cpu(ProcessCpu.seconds(app.pid()), ProcessCpu.postgresSeconds(app.dataDir().toAbsolutePath()),
                ProcessCpu.seconds(ProcessHandle.current().pid()));
    }

    Cpu minus(Cpu before) {
        return new Cpu(app - before.app, postgres - before.postgres, client - before.client);
    }
}
