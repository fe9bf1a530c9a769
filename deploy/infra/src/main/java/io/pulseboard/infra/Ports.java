package io.pulseboard.infra;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Port choice: free ports from the OS, and a clear failure when a fixed port is taken. */
public final class Ports {

    public static final String HOST = "127.0.0.1";

    private Ports() {}

    /** A port that is free on 127.0.0.1 now (bound to port 0, then released). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("could not find a free port on " + HOST, e);
        }
    }

    /** The fixed port if it is free, else an {@link IllegalStateException} that says what is taken. */
    static int requireFree(String what, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(HOST), port));
            return port;
        } catch (IOException e) {
            throw new IllegalStateException(
                    what + " port " + port + " is already in use on " + HOST + " (" + e.getMessage()
                            + "): stop what uses it, or choose another port",
                    e);
        }
    }

    /** The fixed port (checked free) or a free one. */
    static int fixedOrFree(String what, int port) {
        return port == 0 ? freePort() : requireFree(what, port);
    }
}
