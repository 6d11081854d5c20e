package dev.chaosproxy.image.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 as {@code sha256sum} prints it. */
final class Sha256 {
  private Sha256() {}

  static MessageDigest digest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
  }

  /** The lower-case hex SHA-256 of {@code file}'s bytes. */
  static String ofFile(Path file) {
    MessageDigest digest = digest();
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) digest.update(buffer, 0, n);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** The lower-case hex SHA-256 of {@code text} in UTF-8. */
  static String ofText(String text) {
    return HexFormat.of().formatHex(digest().digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * One line of {@code sha256sum}'s output for a file named {@code name}: GNU coreutils escapes a
   * name with a backslash or a newline and marks the line with a leading backslash.
   */
  static String line(String hex, String name) {
    if (name.indexOf('\\') < 0 && name.indexOf('\n') < 0) return hex + "  " + name + "\n";
    return "\\" + hex + "  " + name.replace("\\", "\\\\").replace("\n", "\\n") + "\n";
  }
}
