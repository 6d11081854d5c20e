package dev.chaosproxy.image.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The content hash of a build context, the {@code c-<hash>} tag of its image: every path, its type,
 * mode and link target, and every regular file's bytes; not the order files were written in, nor
 * their times or owners. It is byte for byte what the shell computed before it moved here (so
 * images built then keep their tags):
 *
 * <pre>
 * ( cd DIR
 *   find . -printf '%y %m %p -&gt; %l\n' | LC_ALL=C sort
 *   find . -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum ) | sha256sum | cut -c1-12
 * </pre>
 */
public final class ContextHash {
  /** Hex digits of the hash in a tag. */
  public static final int LENGTH = 12;

  /** Byte order of the paths' UTF-8, as {@code LC_ALL=C sort} orders them. */
  private static final Comparator<String> C_ORDER =
      (a, b) ->
          Arrays.compareUnsigned(
              a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

  private ContextHash() {}

  /** The 12 hex digits that name {@code dir}'s content. */
  public static String of(Path dir) {
    return Sha256.ofText(listing(dir)).substring(0, LENGTH);
  }

  /** What is hashed: the sorted entries of {@code dir}, then each regular file's sum. */
  static String listing(Path dir) {
    if (!Files.isDirectory(dir)) {
      throw BuildFailure.failed("no build context at " + dir + ": context-hash needs a directory");
    }
    List<Path> all;
    try (Stream<Path> walk = Files.walk(dir)) {
      all = walk.toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    List<String> entries = new ArrayList<>();
    List<String> files = new ArrayList<>();
    for (Path path : all) {
      String name = findName(dir, path);
      int mode = mode(path);
      String target = "";
      if (Files.isSymbolicLink(path)) {
        try {
          target = Files.readSymbolicLink(path).toString();
        } catch (IOException e) {
          throw new UncheckedIOException("cannot read the link " + path, e);
        }
      }
      entries.add(
          type(mode) + " " + Integer.toOctalString(mode & 07777) + " " + name + " -> " + target);
      if ((mode & 0170000) == 0100000) files.add(name);
    }
    entries.sort(C_ORDER);
    files.sort(C_ORDER);
    StringBuilder text = new StringBuilder();
    for (String entry : entries) text.append(entry).append('\n');
    for (String name : files) text.append(Sha256.line(Sha256.ofFile(dir.resolve(name)), name));
    return text.toString();
  }

  /** The path as {@code find .} prints it: {@code .} and {@code ./a/b}. */
  private static String findName(Path dir, Path path) {
    Path relative = dir.relativize(path);
    return relative.toString().isEmpty() ? "." : "./" + relative;
  }

  private static int mode(Path path) {
    try {
      return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot stat " + path, e);
    } catch (UnsupportedOperationException e) {
      throw BuildFailure.failed(
          "this file system has no unix modes (" + path + "): the images are built on Linux");
    }
  }

  /** {@code find -printf %y}: the file's type as a letter. */
  private static char type(int mode) {
    return switch (mode & 0170000) {
      case 0100000 -> 'f';
      case 0040000 -> 'd';
      case 0120000 -> 'l';
      case 0010000 -> 'p';
      case 0140000 -> 's';
      case 0060000 -> 'b';
      case 0020000 -> 'c';
      default -> 'U';
    };
  }
}
