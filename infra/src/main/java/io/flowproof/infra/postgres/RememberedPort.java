package io.flowproof.infra.postgres;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The port of the local cluster, kept in a one-line file so the app (and a developer's psql) finds the database at
 * the same address after a restart. A free port is picked the first time, and again only when the remembered one
 * has been taken by something else.
 */
final class RememberedPort {

    private static final Logger LOG = LoggerFactory.getLogger(RememberedPort.class);

    private final Path file;

    RememberedPort(Path file) {
        this.file = file;
    }

    int choose() throws IOException {
        Integer remembered = read();
        if (remembered != null && isFree(remembered)) {
            return remembered;
        }
        int port = freePort();
        if (remembered != null) {
            LOG.warn("Port {} remembered in {} is in use by another program; the local Postgres moves to port {}",
                    remembered, file, port);
        }
        write(port);
        return port;
    }

    private Integer read() {
        try {
            int port = Integer.parseInt(Files.readString(file, StandardCharsets.US_ASCII).strip());
            return port > 0 && port <= 65_535 ? port : null;
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    private void write(int port) throws IOException {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temporary, port + System.lineSeparator(), StandardCharsets.US_ASCII);
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true); // Postgres sets SO_REUSEADDR too, so TIME_WAIT leftovers do not count
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
