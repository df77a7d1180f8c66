package org.cpmmss.james.sip;

import java.io.IOException;
import java.net.ConnectException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;

import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

import gov.nist.core.net.DefaultNetworkLayer;
import gov.nist.core.net.NetworkLayer;
import gov.nist.javax.sip.SipStackImpl;

/**
 * The SIP stack's sockets ({@code gov.nist.javax.sip.NETWORK_LAYER}) without the JVM's TLS set up at start: JAIN-SIP's
 * {@link DefaultNetworkLayer} asks for the default {@code SSLServerSocketFactory} and {@code SSLSocketFactory} when it
 * is made, which is when the stack opens its first listening point — the JDK's whole TLS initialisation (cipher
 * suites, the default context and its trust store) on the start's main thread, ~45 ms of CPU and ~75 ms of wall
 * clock, for TLS that the bridge never uses (sip.transports: udp and tcp). Plain sockets are made here as the
 * default layer makes them (same binds, same 8 s connect timeout and its message); the TLS ones are asked of the
 * default layer, which then sets up TLS on that first use.
 */
public final class PlainSocketsNetworkLayer implements NetworkLayer {
    /** The default layer's connect timeout (ms) for outgoing TCP connections. */
    static final int CONNECT_TIMEOUT_MS = 8000;

    public PlainSocketsNetworkLayer() {
        // made by the stack from the property's class name
    }

    @Override
    public ServerSocket createServerSocket(int port, int backlog, InetAddress bindAddress) throws IOException {
        return new ServerSocket(port, backlog, bindAddress);
    }

    @Override
    public DatagramSocket createDatagramSocket() throws SocketException {
        return new DatagramSocket();
    }

    @Override
    public DatagramSocket createDatagramSocket(int port, InetAddress bindAddress) throws SocketException {
        if (!bindAddress.isMulticastAddress()) {
            return new DatagramSocket(port, bindAddress);
        }
        try {
            MulticastSocket multicast = new MulticastSocket(port);
            multicast.joinGroup(bindAddress);
            return multicast;
        } catch (IOException e) {
            throw new SocketException(e.getLocalizedMessage());
        }
    }

    @Override
    public Socket createSocket(InetAddress address, int port) throws IOException {
        return new Socket(address, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress) throws IOException {
        Socket socket = new Socket();
        if (localAddress != null) {
            socket.bind(new InetSocketAddress(localAddress, 0));
        }
        return connected(socket, address, port);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
        throws IOException {
        Socket socket = new Socket();
        if (localAddress != null) {
            // as the default layer: the local port is only used without a local address
            socket.bind(new InetSocketAddress(localAddress, 0));
        } else if (localPort != 0) {
            socket.bind(new InetSocketAddress(localPort));
        }
        return connected(socket, address, port);
    }

    private static Socket connected(Socket socket, InetAddress address, int port) throws IOException {
        try {
            socket.connect(new InetSocketAddress(address, port), CONNECT_TIMEOUT_MS);
        } catch (SocketTimeoutException e) {
            throw new ConnectException("Socket timeout error (8sec)" + address + ":" + port);
        }
        return socket;
    }

    @Override
    public SSLServerSocket createSSLServerSocket(int port, int backlog, InetAddress bindAddress) throws IOException {
        return DefaultNetworkLayer.SINGLETON.createSSLServerSocket(port, backlog, bindAddress);
    }

    @Override
    public SSLSocket createSSLSocket(InetAddress address, int port) throws IOException {
        return DefaultNetworkLayer.SINGLETON.createSSLSocket(address, port);
    }

    @Override
    public SSLSocket createSSLSocket(InetAddress address, int port, InetAddress localAddress) throws IOException {
        return DefaultNetworkLayer.SINGLETON.createSSLSocket(address, port, localAddress);
    }

    @Override
    public void setSipStack(SipStackImpl sipStack) {
        // nothing kept
    }
}
