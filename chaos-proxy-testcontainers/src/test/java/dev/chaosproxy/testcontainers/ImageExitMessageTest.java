package dev.chaosproxy.testcontainers;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import dev.chaosproxy.testcontainers.testing.RequiresDocker;
import dev.chaosproxy.testcontainers.testing.TestImages;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;

/**
 * The image's launcher hands the JVM its API socket; closing an inherited socket makes the JDK
 * point fds 0-2 at /dev/null. A jar that exits on bad flags must still say why in the log.
 */
@RequiresDocker
class ImageExitMessageTest {
  @Test
  void aBadFlagExitsTwoAndTheLogSaysWhy() throws Exception {
    assertThat(run("--api", "0.0.0.0:8474", "--no-such-flag"))
        .startsWith("2 ")
        .contains("chaos-proxy: Unknown option: '--no-such-flag'")
        .contains("--help' for the flags");
  }

  @Test
  void aMissingConfigFileExitsTwoAndTheLogNamesIt() throws Exception {
    assertThat(run("--api", "0.0.0.0:8474", "--config", "/no/such.json"))
        .startsWith("2 ")
        .contains("cannot read --config /no/such.json");
  }

  /** The exit code, a space and the container's whole log. */
  private static String run(String... command) throws Exception {
    DockerClient docker = DockerClientFactory.instance().client();
    String id =
        docker
            .createContainerCmd(TestImages.chaosProxy().asCanonicalNameString())
            .withCmd(command)
            .exec()
            .getId();
    try {
      docker.startContainerCmd(id).exec();
      Integer code =
          docker
              .waitContainerCmd(id)
              .exec(new com.github.dockerjava.api.command.WaitContainerResultCallback())
              .awaitStatusCode(30, TimeUnit.SECONDS);
      StringBuilder log = new StringBuilder();
      docker
          .logContainerCmd(id)
          .withStdOut(true)
          .withStdErr(true)
          .exec(
              new ResultCallback.Adapter<Frame>() {
                @Override
                public void onNext(Frame frame) {
                  log.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                }
              })
          .awaitCompletion(30, TimeUnit.SECONDS);
      return code + " " + log;
    } finally {
      docker.removeContainerCmd(id).withForce(true).exec();
    }
  }
}
