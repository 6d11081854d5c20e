package dev.chaosproxy.image.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The fingerprint of what a build context is staged from (the script, its Dockerfile and rootfs,
 * versions, the jar and binaries): while it matches the last run's, the staged context and its hash
 * are reused without staging again. Cheap next to staging.
 */
public final class Fingerprint {
  /** Hex digits of a fingerprint. */
  public static final int LENGTH = 32;

  private Fingerprint() {}

  /**
   * The fingerprint of {@code inputs}, in order: {@code --tree DIR} stands for every regular file
   * under DIR (by path), a regular file for its bytes and path, anything else for itself (a
   * version, a directory's name such as a cached JRE's keyed path, a decision).
   */
  public static String of(List<String> inputs) {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < inputs.size(); i++) {
      String input = inputs.get(i);
      if (input.equals("--tree")) {
        if (i + 1 == inputs.size()) {
          throw BuildFailure.usage("fingerprint: --tree needs a directory after it");
        }
        tree(Path.of(inputs.get(++i)), text);
      } else if (!input.isEmpty() && Files.isRegularFile(Path.of(input))) {
        text.append(Sha256.line(Sha256.ofFile(Path.of(input)), input));
      } else {
        text.append(input).append('\n');
      }
    }
    return Sha256.ofText(text.toString()).substring(0, LENGTH);
  }

  private static void tree(Path dir, StringBuilder text) {
    if (!Files.isDirectory(dir)) {
      throw BuildFailure.failed("fingerprint: --tree " + dir + " is not a directory");
    }
    List<String> files = new ArrayList<>();
    collect(dir, files);
    Collections.sort(files);
    for (String file : files) text.append(Sha256.line(Sha256.ofFile(Path.of(file)), file));
  }

  /** Without streams or lambdas, whose bootstrap would cost each of the script's calls ~20 ms. */
  private static void collect(Path dir, List<String> files) {
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
          collect(entry, files);
        } else if (Files.isRegularFile(entry)) {
          files.add(entry.toString());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }
}
