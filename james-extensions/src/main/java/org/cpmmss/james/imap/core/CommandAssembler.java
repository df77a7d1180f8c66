package org.cpmmss.james.imap.core;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;

/**
 * Cuts the bytes of one connection into complete IMAP commands, whatever the reads look like: many pipelined
 * commands in one read, a command or a literal split across reads at any octet, synchronizing ({@code {n}}) and
 * non-synchronizing ({@code {n+}}) literals. Literals are collected in memory or streamed to a file
 * ({@link FramingLimits#spills(long)}). Over-long lines and over-large literals are skipped to the end of their
 * command and reported, so that the next command is framed correctly. Not thread-safe: one per connection, fed
 * from its event loop.
 */
final class CommandAssembler {
    /** What the assembler tells its framer. */
    interface Events {
        /** True while a line handler (IDLE's DONE, an AUTHENTICATE response) takes lines instead of the parser. */
        boolean lineHandlerActive();

        void rawLine(byte[] line);

        /** A complete command; returns false to stop framing what follows in the current read. */
        boolean command(FramedCommand command);

        /** A synchronizing literal was announced and is accepted: the client waits for "+". */
        void continuationRequest();

        /** The command was refused without being decoded; {@code response} is the tagged answer. */
        void refused(String response);
    }

    private enum State { LINE, LITERAL, SKIP_LINE, SKIP_LITERAL }

    private final FramingLimits limits;
    private final Path spillDirectory;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();
    private final FramedCommand.Builder command = new FramedCommand.Builder();
    private State state = State.LINE;
    private long remaining;
    private LiteralSink sink;
    /** The tagged answer of a command being skipped (after an over-large non-synchronizing literal), or null. */
    private String refusal;

    CommandAssembler(FramingLimits limits, Path spillDirectory) {
        this.limits = limits;
        this.spillDirectory = spillDirectory;
    }

    /** True when part of a command has arrived and the rest is awaited. */
    boolean midCommand() {
        return state != State.LINE || line.size() > 0 || !command.isEmpty() || refusal != null;
    }

    /** Frames what {@code in} holds; stops early (leaving bytes readable) only when {@link Events#command} says so. */
    void feed(ByteBuf in, Events events) throws IOException {
        while (in.isReadable()) {
            switch (state) {
                case LINE:
                    if (!readLine(in, events)) {
                        return;
                    }
                    break;
                case LITERAL:
                    readLiteral(in);
                    break;
                case SKIP_LITERAL:
                    int skipped = (int) Math.min(remaining, in.readableBytes());
                    in.skipBytes(skipped);
                    remaining -= skipped;
                    if (remaining == 0) {
                        state = State.LINE;
                    }
                    break;
                case SKIP_LINE:
                    skipLine(in, events);
                    break;
                default:
                    throw new IllegalStateException(state.name());
            }
        }
    }

    /** Drops a partly received command (the connection is gone). */
    void discard() {
        if (sink != null) {
            sink.discard();
            sink = null;
        }
        command.discard();
        line.reset();
        state = State.LINE;
        refusal = null;
    }

    private boolean readLine(ByteBuf in, Events events) throws IOException {
        int lf = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
        int available = (lf < 0 ? in.writerIndex() : lf + 1) - in.readerIndex();
        if (line.size() + available > limits.maxLineLength() + 2L) {
            String tag = line.size() > 0 ? FramedCommand.tagOf(line.toByteArray()) : command.isEmpty()
                ? FramedCommand.tagOf(ByteBufUtil.getBytes(in, in.readerIndex(), Math.min(available, 64))) : command.tag();
            line.reset();
            command.discard();
            refusal = tag + " BAD Command line too long (the limit is " + limits.maxLineLength() + " octets)";
            state = State.SKIP_LINE;
            return true;
        }
        in.readBytes(line, available);
        if (lf < 0) {
            return true;
        }
        byte[] complete = line.toByteArray();
        line.reset();
        return lineComplete(complete, events);
    }

    private boolean lineComplete(byte[] complete, Events events) throws IOException {
        if (command.isEmpty() && refusal == null && events.lineHandlerActive()) {
            events.rawLine(complete);
            return true;
        }
        Optional<LiteralAnnouncement> announced = LiteralAnnouncement.parse(complete);
        if (refusal != null) {
            if (announced.isPresent() && !announced.get().synchronizing()) {
                skipLiteral(announced.get().size());
            } else {
                // the command ends here (a synchronizing literal is never sent once the command is answered)
                events.refused(refusal);
                refusal = null;
            }
            return true;
        }
        command.line(complete);
        if (announced.isEmpty()) {
            return events.command(command.build());
        }
        LiteralAnnouncement literal = announced.get();
        if (literal.size() > limits.effectiveLiteralLimit()) {
            String answer = command.tag() + " NO [TOOBIG] Literal of " + literal.size() + " octets is over the limit of "
                + limits.effectiveLiteralLimit() + " octets";
            command.discard();
            if (literal.synchronizing()) {
                events.refused(answer);
            } else {
                refusal = answer;
                skipLiteral(literal.size());
            }
            return true;
        }
        if (literal.synchronizing()) {
            events.continuationRequest();
        }
        startLiteral(literal.size());
        return true;
    }

    private void startLiteral(long size) throws IOException {
        sink = limits.spills(size) ? new FileLiteralSink(spillDirectory, size) : new MemoryLiteralSink((int) size);
        remaining = size;
        state = State.LITERAL;
        if (size == 0) {
            finishLiteral();
        }
    }

    private void readLiteral(ByteBuf in) throws IOException {
        int length = (int) Math.min(remaining, in.readableBytes());
        sink.write(in, length);
        remaining -= length;
        if (remaining == 0) {
            finishLiteral();
        }
    }

    private void finishLiteral() throws IOException {
        command.literal(sink.finish());
        sink = null;
        state = State.LINE;
    }

    private void skipLiteral(long size) {
        remaining = size;
        state = size == 0 ? State.LINE : State.SKIP_LITERAL;
    }

    private void skipLine(ByteBuf in, Events events) {
        int lf = in.indexOf(in.readerIndex(), in.writerIndex(), (byte) '\n');
        if (lf < 0) {
            in.skipBytes(in.readableBytes());
            return;
        }
        in.readerIndex(lf + 1);
        state = State.LINE;
        events.refused(refusal);
        refusal = null;
    }
}
