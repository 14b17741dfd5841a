package io.flowproof.functions.blocking;

import reactor.blockhound.BlockHound;
import reactor.blockhound.integration.BlockHoundIntegration;

/**
 * The blocking calls we accept on Reactor's non-blocking threads in tests. Every entry says why; anything else
 * blocking there fails the test that triggered it (BlockHound is installed by {@code blockhound-junit-platform}).
 * Loaded through {@code META-INF/services/reactor.blockhound.integration.BlockHoundIntegration}.
 */
public final class FlowproofBlockHoundIntegration implements BlockHoundIntegration {

    @Override
    public void applyTo(BlockHound.Builder builder) {
        // Rhino's code generator reads a bytecode template from its own jar once, in a static initialiser, the first
        // time a JS script is compiled; that may be on an event loop (compilation is lazy and cached). One-time class
        // initialisation I/O from the class path, not a wait on the network or a lock; failing it would leave the
        // class unusable (ExceptionInInitializerError) for the rest of the JVM.
        builder.allowBlockingCallsInside("org.mozilla.classfile.ClassFileWriter", "<clinit>");
        // Netty 4.2's adaptive buffer allocator takes a StampedLock for a few instructions when it grows its
        // magazines under contention (several event loops allocating at once, e.g. concurrent requests); Netty's own
        // BlockHound integration does not list this path yet. A short critical section in the allocator, not I/O.
        builder.allowBlockingCallsInside("io.netty.buffer.AdaptivePoolingAllocator$MagazineGroup", "tryExpandMagazines");
    }
}
