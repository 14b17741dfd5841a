package io.flowproof.functions.config;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Random (version 4) UUIDs for events and eval outputs, made without I/O or a shared lock on the calling thread.
 *
 * <p>{@link UUID#randomUUID()} reads {@code /dev/urandom} through one JVM-wide {@code NativePRNG} guarded by a global
 * lock: a blocking file read on Netty's event loop (BlockHound reports it) and a point of contention for every event
 * of every concurrent batch. Here one DRBG is seeded from the operating system once, when the bean is created (on the
 * main thread); each thread then gets its own {@code SHA1PRNG} seeded from it, a pure-Java generator that never
 * touches a file. The ids stay cryptographically random (they are not secrets, but must never collide).
 */
final class RandomIds implements Supplier<UUID> {

    private final SecureRandom seeds;
    private final ThreadLocal<SecureRandom> perThread = ThreadLocal.withInitial(this::newGenerator);

    RandomIds() {
        try {
            seeds = SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("No DRBG SecureRandom in this JVM", e);
        }
        seeds.nextBytes(new byte[16]); // instantiate (and read the OS entropy) now, not on a request thread
    }

    @Override
    public UUID get() {
        byte[] bytes = new byte[16];
        perThread.get().nextBytes(bytes);
        bytes[6] = (byte) ((bytes[6] & 0x0f) | 0x40); // version 4
        bytes[8] = (byte) ((bytes[8] & 0x3f) | 0x80); // IETF variant
        long msb = 0;
        long lsb = 0;
        for (int i = 0; i < 8; i++) {
            msb = (msb << 8) | (bytes[i] & 0xff);
            lsb = (lsb << 8) | (bytes[i + 8] & 0xff);
        }
        return new UUID(msb, lsb);
    }

    private SecureRandom newGenerator() {
        byte[] seed = new byte[32];
        synchronized (seeds) {
            seeds.nextBytes(seed);
        }
        try {
            SecureRandom generator = SecureRandom.getInstance("SHA1PRNG");
            generator.setSeed(seed); // seeded before first use: SHA1PRNG then never reads the system's entropy
            return generator;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("No SHA1PRNG SecureRandom in this JVM", e);
        }
    }
}
