package io.cilicensing.decisionlog;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * An append-only file capped in size: a line that would take it past {@code maxBytes} first
 * renames it to {@code <name>.1} (shifting {@code .1} to {@code .2}, and so on), keeping
 * {@code keep} such files and deleting the oldest. A line is never split across files. Used by
 * one thread only.
 */
final class RotatingFile implements DecisionLog.Sink {
    private final Path path;
    private final long maxBytes;
    private final int keep;
    private OutputStream out;
    private long size;
    private long generation;

    RotatingFile(Path path, long maxBytes, int keep) {
        if (maxBytes < 1) {
            throw new IllegalArgumentException("decisions.log.max-size must be at least 1 byte, got " + maxBytes);
        }
        if (keep < 0) {
            throw new IllegalArgumentException("decisions.log.max-files must be >= 0, got " + keep);
        }
        this.path = path;
        this.maxBytes = maxBytes;
        this.keep = keep;
    }

    @Override
    public void write(byte[] line) throws IOException {
        if (out == null) {
            open();
        }
        if (size > 0 && size + line.length > maxBytes) {
            rotate();
        }
        out.write(line);
        size += line.length;
    }

    @Override
    public boolean wouldRotate(int bytes) throws IOException {
        if (out == null) {
            open();
        }
        return size > 0 && size + bytes > maxBytes;
    }

    @Override
    public long generation() {
        return generation;
    }

    @Override
    public void flush() throws IOException {
        if (out != null) {
            out.flush();
        }
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            try {
                out.close();
            } finally {
                out = null;
            }
        }
    }

    private void open() throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        out = new BufferedOutputStream(Files.newOutputStream(path, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND), 64 * 1024);
        size = Files.size(path);
    }

    private void rotate() throws IOException {
        close();
        if (keep == 0) {
            Files.deleteIfExists(path);
        } else {
            Files.deleteIfExists(rotated(keep));
            for (int i = keep - 1; i >= 1; i--) {
                if (Files.exists(rotated(i))) {
                    Files.move(rotated(i), rotated(i + 1), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.move(path, rotated(1), StandardCopyOption.REPLACE_EXISTING);
        }
        generation++;
        open();
    }

    private Path rotated(int n) {
        return path.resolveSibling(path.getFileName() + "." + n);
    }
}
