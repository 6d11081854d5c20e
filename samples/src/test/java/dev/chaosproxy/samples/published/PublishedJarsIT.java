package dev.chaosproxy.samples.published;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The jars this build packaged for each published module, as a user gets them: each has its
 * {@code Automatic-Module-Name} (read through the module system, as a module-path user's build
 * does) and comes with a {@code -sources} and a {@code -javadoc} jar. Runs after {@code package}
 * (failsafe), on the jars in each module's {@code target}.
 */
class PublishedJarsIT {
  static final Path ROOT = Path.of(System.getProperty("chaosproxy.root", "..")).toAbsolutePath().normalize();
  static final String VERSION = System.getProperty("chaosproxy.version", "0.1.0-SNAPSHOT");

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "chaos-proxy-core,           dev.chaosproxy",
      "chaos-proxy-junit5,         dev.chaosproxy.junit5",
      "chaos-proxy-testcontainers, dev.chaosproxy.testcontainers",
  })
  void namedModuleWithSourcesAndJavadoc(String artifactId, String moduleName) throws Exception {
    Path jar = jar(artifactId, "");
    assertTrue(Files.isRegularFile(jar), "no jar at " + jar + "; package it: ./mvnw -q -pl " + artifactId + " -am package -DskipTests");
    try (JarFile file = new JarFile(jar.toFile())) {
      assertEquals(moduleName, file.getManifest().getMainAttributes().getValue("Automatic-Module-Name"), jar + "'s manifest");
    }
    ModuleReference module = ModuleFinder.of(jar).findAll().iterator().next();
    ModuleDescriptor descriptor = module.descriptor();
    assertEquals(moduleName, descriptor.name(), "the module name the module system gives " + jar);
    assertTrue(descriptor.isAutomatic(), jar + " is an automatic module (it has no module-info)");
    assertTrue(descriptor.packages().contains(moduleName), jar + " holds its module's base package " + moduleName);

    for (String classifier : new String[] {"sources", "javadoc"}) {
      Path attached = jar(artifactId, "-" + classifier);
      assertTrue(Files.isRegularFile(attached), "no -" + classifier + " jar at " + attached);
      String entry = classifier.equals("sources")
          ? moduleName.replace('.', '/') + "/package-info.java"
          : moduleName.replace('.', '/') + "/package-summary.html";
      try (JarFile file = new JarFile(attached.toFile())) {
        assertTrue(file.getEntry(entry) != null, attached + " has " + entry);
      }
    }
  }

  static Path jar(String artifactId, String suffix) {
    return ROOT.resolve(artifactId).resolve("target").resolve(artifactId + "-" + VERSION + suffix + ".jar");
  }
}
