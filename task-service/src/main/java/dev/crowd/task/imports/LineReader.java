package dev.crowd.task.imports;

import java.io.IOException;
import java.io.Reader;

/** Reads lines with a length cap, so one endless line cannot exhaust memory. */
final class LineReader {

    static final class LineTooLongException extends IOException {
        LineTooLongException(long line) {
            super("line " + line + " is too long");
        }
    }

    private final Reader reader;
    private final int maxChars;
    private final StringBuilder buffer = new StringBuilder(256);
    private final char[] chunk = new char[8192];
    private int position;
    private int limit;
    private long lineNumber;

    LineReader(Reader reader, int maxChars) {
        this.reader = reader;
        this.maxChars = maxChars;
    }

    long lineNumber() {
        return lineNumber;
    }

    /** The next line without its terminator, or null at the end; a too-long line is skipped and reported. */
    String next() throws IOException {
        buffer.setLength(0);
        boolean any = false;
        boolean tooLong = false;
        while (true) {
            if (position == limit) {
                limit = reader.read(chunk);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    if (!any) {
                        return null;
                    }
                    break;
                }
            }
            any = true;
            int start = position;
            while (position < limit && chunk[position] != '\n') {
                position++;
            }
            if (!tooLong) {
                buffer.append(chunk, start, position - start);
                if (buffer.length() > maxChars) {
                    tooLong = true;
                    buffer.setLength(0);
                }
            }
            if (position < limit) {
                position++;
                break;
            }
        }
        lineNumber++;
        if (tooLong) {
            throw new LineTooLongException(lineNumber);
        }
        int len = buffer.length();
        if (len > 0 && buffer.charAt(len - 1) == '\r') {
            buffer.setLength(len - 1);
        }
        return buffer.toString();
    }
}
