package io.flowproof.functions.reliability;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The hostile-input corpus at soak size: 100,000 bodies per endpoint and 10,000 query strings / path segments
 * (override with {@code -Dflowproof.hostile.bodies=...}, {@code -Dflowproof.hostile.queries=...},
 * {@code -Dflowproof.hostile.seed=...}). Tagged {@code soak}, which the build excludes by default; run it with
 * {@code ./mvnw -B verify -pl functions -am -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false -Dit.test=HostileInputSoakIT -DexcludedGroups= -Dgroups=soak}.
 */
@Tag("soak")
class HostileInputSoakIT {

    @Test
    void aHundredThousandHostileBodiesPerEndpointGetNo5xx() throws Exception {
        HostileInputIT test = new HostileInputIT();
        try {
            test.run(Integer.getInteger("flowproof.hostile.bodies", 100_000), Integer.getInteger("flowproof.hostile.queries", 10_000),
                    Long.getLong("flowproof.hostile.seed", 4711L));
        } finally {
            test.stopApps();
        }
    }
}
