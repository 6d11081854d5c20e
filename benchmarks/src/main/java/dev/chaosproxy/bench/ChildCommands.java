package dev.chaosproxy.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The child's side of {@link ChildProcess}'s line protocol for the upstream servers: prints {@code
 * READY ports=p1,p2,.. pid=N}, then answers each stdin command with one line until {@code quit} or
 * the end of stdin, and exits.
 */
final class ChildCommands {
  private ChildCommands() {}

  static void serve(List<Integer> ports, Map<String, Supplier<String>> answers) throws IOException {
    String joined = ports.stream().map(String::valueOf).collect(Collectors.joining(","));
    System.out.println("READY ports=" + joined + " pid=" + ProcessHandle.current().pid());
    System.out.flush();
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = in.readLine()) != null) {
      String command = line.trim();
      if (command.equals("quit")) {
        System.out.println("BYE");
        System.out.flush();
        System.exit(0);
      }
      Supplier<String> answer = answers.get(command);
      if (answer != null) System.out.println(answer.get());
      else if (!command.isEmpty()) System.out.println("ERR unknown command '" + line + "'");
      System.out.flush();
    }
    System.exit(0);
  }
}
