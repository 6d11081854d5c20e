package dev.chaosproxy.image.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Writes {@code target/images.properties}: each image this run was asked for as {@code
 * IMAGE=REPO:c-<hash>} or {@code IMAGE.skipped=REASON}, keeping the lines of images it was not
 * asked for. Tests read it ({@code TestImages}), so each worktree tests the images it built.
 */
public final class ImagesProperties {
  static final String HEADER =
      "# Written by build-images: the image each key names, or why it was not built.";

  private ImagesProperties() {}

  /**
   * Replaces {@code file} (atomically) with the lines of images not in {@code images} that it had,
   * then {@code entries} ({@code key=value}, as given).
   */
  public static void write(Path file, Collection<String> images, List<String> entries) {
    for (String entry : entries) {
      int eq = entry.indexOf('=');
      if (eq <= 0 || !images.contains(image(entry.substring(0, eq)))) {
        throw BuildFailure.failed(
            "images.properties: '"
                + entry
                + "' is not IMAGE=REF or IMAGE.skipped=REASON for an image of this run "
                + images);
      }
    }
    List<String> lines = new ArrayList<>();
    lines.add(HEADER);
    try {
      if (Files.isRegularFile(file)) {
        for (String line : Files.readAllLines(file)) {
          if (line.isEmpty() || line.startsWith("#")) continue;
          int eq = line.indexOf('=');
          String key = eq < 0 ? line : line.substring(0, eq);
          if (!images.contains(image(key))) lines.add(line);
        }
      }
      lines.addAll(entries);
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.write(tmp, lines);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** The image a key is about: {@code echo} for {@code echo} and {@code echo.skipped}. */
  private static String image(String key) {
    int dot = key.indexOf('.');
    return dot < 0 ? key : key.substring(0, dot);
  }
}
