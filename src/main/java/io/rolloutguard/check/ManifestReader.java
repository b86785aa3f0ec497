package io.rolloutguard.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns the PATH arguments into Kubernetes objects with their positions. Every problem becomes one
 * {@link InputError} line and reading goes on, so one run reports all of them.
 */
final class ManifestReader {

  static final String STDIN_NAME = "<stdin>";

  /** A line for the user: {@code path:line: message}, or {@code path: message}. */
  record InputError(String display, int line, String message) {
    @Override
    public String toString() {
      return display + (line > 0 ? ":" + line : "") + ": " + message;
    }
  }

  record Input(
      List<Source> sources,
      List<ManifestObject> objects,
      List<ManifestObject> skipped,
      List<InputError> errors) {}

  private final List<Source> sources = new ArrayList<>();
  private final List<ManifestObject> objects = new ArrayList<>();
  private final List<ManifestObject> skipped = new ArrayList<>();
  private final List<InputError> errors = new ArrayList<>();

  static Input read(List<String> paths, InputStream stdin, Path workingDir) {
    ManifestReader reader = new ManifestReader();
    boolean stdinRead = false;
    for (String path : paths) {
      if (path.equals(CheckArguments.STDIN)) {
        if (stdinRead) {
          reader.errors.add(new InputError(STDIN_NAME, 0, "standard input named twice"));
          continue;
        }
        stdinRead = true;
        reader.stdin(stdin);
      } else {
        reader.path(path, workingDir.resolve(path));
      }
    }
    return new Input(reader.sources, reader.objects, reader.skipped, reader.errors);
  }

  private void stdin(InputStream in) {
    String text;
    try {
      text = decode(in.readAllBytes());
    } catch (CheckException e) {
      errors.add(new InputError(STDIN_NAME, 0, e.getMessage()));
      return;
    } catch (IOException e) {
      errors.add(new InputError(STDIN_NAME, 0, "cannot read: " + e.getMessage()));
      return;
    }
    String start = text.stripLeading();
    source(STDIN_NAME, null, text, start.startsWith("{") || start.startsWith("["));
  }

  private void path(String display, Path path) {
    if (Files.isDirectory(path)) {
      directory(display, path);
    } else {
      file(display, path);
    }
  }

  private void directory(String display, Path dir) {
    List<Path> files = new ArrayList<>();
    try {
      Files.walkFileTree(
          dir,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
              // .git and the like hold no manifests of the user's.
              boolean hidden = !d.equals(dir) && d.getFileName().toString().startsWith(".");
              return hidden ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) {
              if (attrs.isRegularFile() && manifest(f)) {
                files.add(f);
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path f, IOException e) {
              errors.add(new InputError(display(display, dir, f), 0, "cannot read: " + reason(e)));
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException | UncheckedIOException e) {
      errors.add(new InputError(display, 0, "cannot read directory: " + e.getMessage()));
      return;
    }
    files.sort(null);
    for (Path f : files) {
      file(display(display, dir, f), f);
    }
  }

  private static String display(String display, Path dir, Path file) {
    String relative = dir.relativize(file).toString().replace('\\', '/');
    return display.endsWith("/") ? display + relative : display + "/" + relative;
  }

  private static boolean manifest(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
  }

  private void file(String display, Path file) {
    String text;
    try {
      text = decode(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      errors.add(new InputError(display, 0, "no such file or directory"));
      return;
    } catch (CheckException e) {
      errors.add(new InputError(display, 0, e.getMessage()));
      return;
    } catch (IOException e) {
      errors.add(new InputError(display, 0, "cannot read: " + reason(e)));
      return;
    }
    boolean json = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
    source(display, file, text, json);
  }

  private void source(String display, Path file, String text, boolean json) {
    List<Document> documents;
    try {
      documents = json ? JsonDocuments.parse(text) : YamlDocuments.parse(text);
    } catch (CheckException e) {
      errors.add(new InputError(display, 0, e.getMessage()));
      return;
    }
    Source source = new Source(display, file, text, json, documents);
    sources.add(source);
    for (Document document : documents) {
      object(source, document, "", -1, document.root());
    }
  }

  private void object(Source source, Document document, String pointer, int item, JsonNode node) {
    int line = document.lineOf(pointer);
    String what = item < 0 ? "document " + document.index() : "item " + item;
    if (!node.isObject()) {
      errors.add(new InputError(source.display(), line, what + " is not an object"));
      return;
    }
    String apiVersion = text(node, "apiVersion");
    String kind = text(node, "kind");
    if (apiVersion == null || kind == null) {
      errors.add(
          new InputError(
              source.display(),
              line,
              what
                  + " has no "
                  + (apiVersion == null ? "apiVersion" : "kind")
                  + "; not a Kubernetes object"));
      return;
    }
    JsonNode items = node.get("items");
    if (kind.endsWith("List") && items != null && items.isArray()) {
      for (int i = 0; i < items.size(); i++) {
        object(source, document, pointer + "/items/" + i, i, items.get(i));
      }
      return;
    }
    ManifestObject object = new ManifestObject(source, document, pointer, item, node);
    try {
      if (ApiKinds.classify(apiVersion, kind) == ApiKinds.Verdict.CHECK) {
        objects.add(object);
      } else {
        skipped.add(object);
      }
    } catch (CheckException e) {
      errors.add(new InputError(source.display(), line, e.getMessage()));
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
  }

  private static String decode(byte[] bytes) {
    try {
      String text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
      return text.startsWith("\uFEFF") ? text.substring(1) : text;
    } catch (CharacterCodingException e) {
      throw new CheckException("not UTF-8 text");
    }
  }

  private static String reason(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}
