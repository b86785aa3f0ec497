package io.rolloutguard.check;

import java.nio.file.Path;
import java.util.List;

/**
 * One input: a file, or standard input.
 *
 * @param display the path as the user gave it (or found under a directory), {@code -} for stdin
 * @param file null for standard input
 * @param json true for JSON text, which {@code --fix} writes back as JSON
 */
record Source(String display, Path file, String text, boolean json, List<Document> documents) {}
