package org.cpmmss.james.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A test host of its own: a network namespace joined to this one by a veth pair with a private /30 of
 * 10.213.0.0/16 (this side {@link #hostAddress()}, the namespace {@link #peerAddress()}). A server bound to
 * 0.0.0.0 sees connections made through {@link #forward(int)} as coming from {@link #peerAddress()}, a
 * non-loopback client, without the test ever touching a real interface of this machine: the test connects to
 * a TCP forwarder inside the namespace, which connects to the server at {@link #hostAddress()}.
 * Needs root, {@code ip} (iproute2) and {@code python3}; {@link #create()} checks them through {@link CiRequirement}.
 */
public final class NetworkNamespacePeer implements AutoCloseable {
    private static final String FORWARDER = String.join("\n",
        "import socket, sys, threading",
        "la, lp, ta, tp = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])",
        "srv = socket.socket(); srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
        "srv.bind((la, lp)); srv.listen(64); print('ready', flush=True)",
        "def pipe(a, b):",
        "    try:",
        "        while True:",
        "            d = a.recv(65536)",
        "            if not d: break",
        "            b.sendall(d)",
        "    except OSError: pass",
        "    try: b.shutdown(socket.SHUT_WR)",
        "    except OSError: pass",
        "def serve(c):",
        "    try: u = socket.create_connection((ta, tp), timeout=10)",
        "    except OSError: c.close(); return",
        "    u.settimeout(None)",
        "    t = threading.Thread(target=pipe, args=(u, c), daemon=True); t.start()",
        "    pipe(c, u); t.join(); c.close(); u.close()",
        "while True:",
        "    c, _ = srv.accept()",
        "    threading.Thread(target=serve, args=(c,), daemon=True).start()",
        "");

    private final String namespace;
    private final String hostAddress;
    private final String peerAddress;
    private final List<Process> forwarders = new ArrayList<>();

    private NetworkNamespacePeer(String namespace, String hostAddress, String peerAddress) {
        this.namespace = namespace;
        this.hostAddress = hostAddress;
        this.peerAddress = peerAddress;
    }

    /** Creates the namespace and the veth pair; fails in CI, skips elsewhere, when root or a tool is missing. */
    public static NetworkNamespacePeer create() throws IOException, InterruptedException {
        CiRequirement.require(isRoot(), "network namespaces need root");
        CiRequirement.require(onPath("ip"), "ip (iproute2) is not on PATH");
        CiRequirement.require(onPath("python3"), "python3 is not on PATH");
        String id = Long.toHexString(ProcessHandle.current().pid()) + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000));
        id = id.length() > 10 ? id.substring(id.length() - 10) : id;
        String used = output("ip", "-o", "-4", "addr") + output("ip", "-4", "route");
        for (int attempt = 0; attempt < 50; attempt++) {
            int third = ThreadLocalRandom.current().nextInt(256);
            int base = ThreadLocalRandom.current().nextInt(64) * 4;
            String prefix = "10.213." + third + ".";
            if (used.contains(prefix + base + "/") || used.contains(prefix + (base + 1) + "/") || used.contains(prefix + (base + 2) + "/")) {
                continue;
            }
            String ns = "cpmtest-" + id;
            String hostSide = "cv" + id + "a";
            String peerSide = "cv" + id + "b";
            NetworkNamespacePeer peer = new NetworkNamespacePeer(ns, prefix + (base + 1), prefix + (base + 2));
            try {
                run("ip", "netns", "add", ns);
                run("ip", "link", "add", hostSide, "type", "veth", "peer", "name", peerSide);
                run("ip", "link", "set", peerSide, "netns", ns);
                run("ip", "addr", "add", peer.hostAddress + "/30", "dev", hostSide);
                run("ip", "link", "set", hostSide, "up");
                run("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
                run("ip", "netns", "exec", ns, "ip", "addr", "add", peer.peerAddress + "/30", "dev", peerSide);
                run("ip", "netns", "exec", ns, "ip", "link", "set", peerSide, "up");
                return peer;
            } catch (IOException | RuntimeException e) {
                peer.close();
                throw e;
            }
        }
        throw new IOException("no free /30 in 10.213.0.0/16");
    }

    public String hostAddress() {
        return hostAddress;
    }

    public String peerAddress() {
        return peerAddress;
    }

    /**
     * Starts a TCP forwarder in the namespace, listening on {@link #peerAddress()} at the same port number and
     * connecting to {@link #hostAddress()}:{@code serverPort}; connect to the returned address.
     */
    public InetSocketAddress forward(int serverPort) throws IOException {
        Process p = new ProcessBuilder("ip", "netns", "exec", namespace, "python3", "-u", "-c", FORWARDER,
            peerAddress, Integer.toString(serverPort), hostAddress, Integer.toString(serverPort))
            .redirectErrorStream(true).start();
        forwarders.add(p);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (!"ready".equals(line)) {
            throw new IOException("forwarder in " + namespace + " did not start: " + line);
        }
        return new InetSocketAddress(peerAddress, serverPort);
    }

    @Override
    public void close() {
        for (Process p : forwarders) {
            p.destroyForcibly();
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            // deleting the namespace deletes its end of the veth pair, and with it this end
            run("ip", "netns", "del", namespace);
        } catch (IOException | RuntimeException e) {
            System.err.println("cannot delete network namespace " + namespace + ": " + e.getMessage());
        }
    }

    private static boolean isRoot() {
        try {
            return output("id", "-u").trim().equals("0");
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return Files.isExecutable(Path.of("/usr/sbin", tool)) || Files.isExecutable(Path.of("/sbin", tool));
    }

    private static void run(String... command) throws IOException {
        String out = output(command);
        if (out.startsWith("exit ")) {
            throw new IOException(String.join(" ", command) + ": " + out);
        }
    }

    /** The command's output; "exit N: output" when it failed. */
    private static String output(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return p.exitValue() == 0 ? text : "exit " + p.exitValue() + ": " + text;
    }
}
