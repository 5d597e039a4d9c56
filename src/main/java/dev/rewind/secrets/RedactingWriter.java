package dev.rewind.secrets;

import java.io.IOException;
import java.io.Writer;

/**
 * Holds text until a line ends (or a flush), then writes it redacted: a secret printed in pieces
 * ({@code print("Bearer "); print(token)}) is still whole when it is masked.
 */
public final class RedactingWriter extends Writer {
    private final Writer out;
    private final StringBuilder line = new StringBuilder();

    public RedactingWriter(Writer out) {
        this.out = out;
    }

    @Override
    public synchronized void write(char[] chars, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            line.append(chars[i]);
            if (chars[i] == '\n') emit();
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        emit();
        out.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        flush();
        out.close();
    }

    private void emit() throws IOException {
        if (line.isEmpty()) return;
        out.write(Redactor.redact(line.toString()));
        line.setLength(0);
    }
}
