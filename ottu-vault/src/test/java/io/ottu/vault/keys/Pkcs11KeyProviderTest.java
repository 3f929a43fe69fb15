package io.ottu.vault.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The PKCS#11 provider against a real SoftHSM2 token.
 *
 * <p>SoftHSM2 reads {@code SOFTHSM2_CONF} from the environment once, when the library is loaded,
 * and SunPKCS11 loads it into the JVM that uses it. A JVM cannot change its own environment, so
 * this test prepares a token in a temporary directory (its own {@code softhsm2.conf} and token
 * directory, initialised with {@code softhsm2-util --init-token}) and runs {@link SoftHsmScenario}
 * in a child JVM started with that environment. That keeps the test independent of the machine's
 * SoftHSM configuration and of other tests, and a native crash cannot take the test JVM down.
 *
 * <p>Where SoftHSM2 is not installed the test is skipped, saying so; set {@code
 * OTTU_REQUIRE_SOFTHSM=true} (as CI does) to make its absence a failure instead.
 */
class Pkcs11KeyProviderTest {
  private static final List<String> LIBRARY_CANDIDATES =
      List.of(
          "/usr/lib/softhsm/libsofthsm2.so",
          "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
          "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so",
          "/usr/lib64/pkcs11/libsofthsm2.so",
          "/usr/lib/pkcs11/libsofthsm2.so",
          "/usr/local/lib/softhsm/libsofthsm2.so",
          "/opt/homebrew/lib/softhsm/libsofthsm2.so");
  private static final String PIN = "4821";
  private static final String SO_PIN = "9137";

  @TempDir Path dir;

  @Test
  void vaultTokenizesDetokenizesAndRotatesThroughSoftHsm2() throws Exception {
    Optional<Path> util = onPath("softhsm2-util");
    Optional<Path> library = library();
    String missing =
        util.isEmpty()
            ? "softhsm2-util is not on the PATH"
            : library.isEmpty() ? "libsofthsm2.so is not in " + LIBRARY_CANDIDATES : null;
    if (missing != null) {
      String message =
          "SKIPPED the PKCS#11/SoftHSM2 test: "
              + missing
              + ". Install the Debian package softhsm2 (apt-get install softhsm2) to run it.";
      System.err.println(message);
      assertThat(Boolean.parseBoolean(System.getenv("OTTU_REQUIRE_SOFTHSM")))
          .as("OTTU_REQUIRE_SOFTHSM is set but " + missing)
          .isFalse();
      Assumptions.abort(message);
    }

    Path tokens = Files.createDirectories(dir.resolve("tokens"));
    Path conf = dir.resolve("softhsm2.conf");
    Files.writeString(
        conf,
        "directories.tokendir = "
            + tokens
            + "\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n");

    Result init =
        run(
            List.of(
                util.get().toString(),
                "--init-token",
                "--free",
                "--label",
                "ottu-vault-test",
                "--pin",
                PIN,
                "--so-pin",
                SO_PIN),
            conf,
            60);
    assertThat(init.exit).as("softhsm2-util output: %s", init.output).isZero();
    Matcher slot = Pattern.compile("reassigned to slot (\\d+)").matcher(init.output);
    assertThat(slot.find()).as("slot id in: %s", init.output).isTrue();

    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Result scenario =
        run(
            List.of(
                java,
                "-Xmx256m",
                "-Dorg.slf4j.simpleLogger.logFile=System.out",
                "-cp",
                System.getProperty("java.class.path"),
                SoftHsmScenario.class.getName(),
                library.get().toString(),
                slot.group(1),
                PIN),
            conf,
            300);
    // Into this test's captured output, which the suite's log scan reads too.
    System.out.println(scenario.output);

    assertThat(scenario.exit).as("scenario output:%n%s", scenario.output).isZero();
    assertThat(scenario.output)
        .contains(
            "STEP wrong-pin-refused OK",
            "STEP keys-created-in-hsm-non-extractable OK",
            "STEP wrap-unwrap-in-hsm-with-tamper-detection OK",
            "STEP tokenize OK",
            "STEP detokenize OK",
            "STEP rotate-under-load-and-retire OK",
            "STEP keys-persist-on-token OK",
            "STEP missing-keys-refused OK",
            "SCENARIO PASSED")
        .contains("created key version 2 on the PKCS#11 token")
        .contains("destroyed key version 1 on the PKCS#11 token")
        .doesNotContain(VaultCards.VISA, VaultCards.MASTERCARD, VaultCards.AMEX);
    try (Stream<Path> files = Files.walk(tokens)) {
      assertThat(files.filter(Files::isRegularFile).count())
          .as("key objects persisted in the temporary token directory")
          .isGreaterThan(0);
    }
  }

  private record Result(int exit, String output) {}

  private static Result run(List<String> command, Path conf, int timeoutSeconds)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true);
    pb.environment().put("SOFTHSM2_CONF", conf.toString());
    Process process = pb.start();
    byte[][] out = new byte[1][];
    Thread reader =
        new Thread(
            () -> {
              try {
                out[0] = process.getInputStream().readAllBytes();
              } catch (IOException e) {
                out[0] = ("<<output unreadable: " + e + ">>").getBytes(StandardCharsets.UTF_8);
              }
            });
    reader.start();
    if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
      reader.join(10_000);
      throw new AssertionError(command.get(0) + " did not finish in " + timeoutSeconds + " s");
    }
    reader.join(30_000);
    return new Result(process.exitValue(), new String(out[0], StandardCharsets.UTF_8));
  }

  private static Optional<Path> onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    for (String d : path.split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(d, name);
      if (Files.isExecutable(candidate)) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }

  private static Optional<Path> library() {
    String override = System.getenv("SOFTHSM2_LIB");
    if (override != null && Files.isReadable(Path.of(override))) {
      return Optional.of(Path.of(override));
    }
    return LIBRARY_CANDIDATES.stream().map(Path::of).filter(Files::isReadable).findFirst();
  }
}
