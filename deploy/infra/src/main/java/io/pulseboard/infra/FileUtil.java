package io.pulseboard.infra;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;

/** Small file helpers. */
final class FileUtil {

    private FileUtil() {}

    /** Deletes a file or a directory tree; missing is fine. Never follows symbolic links. */
    static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                if (exc instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw exc;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null && !(exc instanceof NoSuchFileException)) {
                    throw exc;
                }
                deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Deletes the content of a directory, keeping the directory and the children named in {@code keep}. */
    static void deleteContent(Path dir, String... keep) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        java.util.Set<String> kept = java.util.Set.of(keep);
        try (var children = Files.list(dir)) {
            for (Path child : (Iterable<Path>) children::iterator) {
                if (!kept.contains(child.getFileName().toString())) {
                    deleteRecursively(child);
                }
            }
        }
    }

    /** Quietly deletes; returns the failure (or null). */
    static IOException deleteQuietly(Path path) {
        try {
            deleteRecursively(path);
            return null;
        } catch (IOException e) {
            return e;
        }
    }

    private static void deleteIfExists(Path p) throws IOException {
        try {
            Files.deleteIfExists(p);
        } catch (java.nio.file.DirectoryNotEmptyException e) {
            // something was written meanwhile (a process still shutting down): one more pass
            deleteRecursively(p);
        }
    }

    /** The last {@code maxLines} lines of a text file (at most the last 64 KiB), or a note why not. */
    static String tail(Path file, int maxLines) {
        if (file == null || !Files.isRegularFile(file)) {
            return "(no log at " + file + ")";
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            int size = (int) Math.min(length, 64 * 1024);
            byte[] bytes = new byte[size];
            raf.seek(length - size);
            raf.readFully(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            Deque<String> lines = new ArrayDeque<>();
            for (String line : text.split("\r?\n")) {
                lines.addLast(line);
                if (lines.size() > maxLines) {
                    lines.removeFirst();
                }
            }
            return String.join(System.lineSeparator(), lines);
        } catch (IOException e) {
            return "(could not read " + file + ": " + e + ")";
        }
    }
}
