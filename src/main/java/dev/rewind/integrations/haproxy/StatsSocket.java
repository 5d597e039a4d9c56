package dev.rewind.integrations.haproxy;

import dev.rewind.model.UnreachableException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * HAProxy's stats socket, Unix ({@code stats socket /run/haproxy/admin.sock level admin}) or TCP
 * ({@code stats socket ipv4@127.0.0.1:9999 level admin}). One connection per command: in its default
 * non-interactive mode HAProxy answers one line of commands and closes, which marks the answer's end.
 * Waits go through a Selector with a timeout, so a hung HAProxy cannot hang a rollback.
 */
public final class StatsSocket implements RuntimeApi {
    private final SocketAddress target;
    private final String address;
    private final long timeoutMillis;

    private StatsSocket(SocketAddress target, String address, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        this.target = target;
        this.address = address;
        this.timeoutMillis = timeout.toMillis();
    }

    public static StatsSocket unix(Path socket, Duration timeout) {
        return new StatsSocket(UnixDomainSocketAddress.of(socket), socket.toString(), timeout);
    }

    public static StatsSocket tcp(String host, int port, Duration timeout) {
        return new StatsSocket(InetSocketAddress.createUnresolved(host, port), host + ":" + port, timeout);
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public String execute(String command) {
        if (command.contains("\n")) throw new IllegalArgumentException("one command per call, found a line break in: " + command);
        SocketAddress resolved = target instanceof InetSocketAddress inet && inet.isUnresolved()
                ? new InetSocketAddress(inet.getHostString(), inet.getPort()) : target;
        try (SocketChannel channel = resolved instanceof UnixDomainSocketAddress
                        ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
                Selector selector = Selector.open()) {
            channel.configureBlocking(false);
            connect(channel, selector, resolved, command);
            write(channel, selector, command);
            return read(channel, selector, command);
        } catch (IOException e) {
            throw new UnreachableException(address, "HAProxy runtime API: " + e.getMessage() + " (while sending '" + command + "')", e);
        }
    }

    private void connect(SocketChannel channel, Selector selector, SocketAddress to, String command) throws IOException {
        if (channel.connect(to)) return;
        channel.register(selector, SelectionKey.OP_CONNECT);
        if (selector.select(timeoutMillis) == 0) throw timedOut("connecting", command);
        channel.finishConnect();
        selector.selectedKeys().clear();
    }

    private void write(SocketChannel channel, Selector selector, String command) throws IOException {
        ByteBuffer out = ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.UTF_8));
        SelectionKey key = channel.register(selector, SelectionKey.OP_WRITE);
        while (out.hasRemaining()) {
            if (selector.select(timeoutMillis) == 0) throw timedOut("sending", command);
            selector.selectedKeys().clear();
            channel.write(out);
        }
        key.interestOps(SelectionKey.OP_READ);
    }

    private String read(SocketChannel channel, Selector selector, String command) throws IOException {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        ByteBuffer in = ByteBuffer.allocate(8192);
        while (true) {
            if (selector.select(timeoutMillis) == 0) throw timedOut("waiting for the answer to", command);
            selector.selectedKeys().clear();
            int n = channel.read(in);
            if (n < 0) return answer.toString(StandardCharsets.UTF_8);
            answer.write(in.array(), 0, in.position());
            in.clear();
        }
    }

    private UnreachableException timedOut(String what, String command) {
        return new UnreachableException(address, "HAProxy runtime API: no progress within " + timeoutMillis + " ms " + what + " '" + command + "'", null);
    }
}
