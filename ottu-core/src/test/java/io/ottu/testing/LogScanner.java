package io.ottu.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Scans log files for card numbers. Each module's last test class scans the module's test log and
 * the surefire output files, so a PAN that reaches any log line of the suite fails the build.
 */
public final class LogScanner {
  private LogScanner() {}

  /** Every finding, as {@code file: PAN-ending-in-XXXX}, for the given PANs in the given files. */
  public static List<String> findings(List<Path> files, String... pans) {
    List<String> out = new ArrayList<>();
    for (Path f : files) {
      String text;
      try {
        text = Files.readString(f, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      for (String pan : pans) {
        if (text.contains(pan)) {
          out.add(f + ": a card number ending in " + pan.substring(pan.length() - 4));
        }
      }
    }
    return out;
  }

  /** The log files of a module's test run: {@code target/*.log} and surefire's output files. */
  public static List<Path> moduleLogs(Path target) {
    List<Path> files = new ArrayList<>();
    for (Path dir : List.of(target, target.resolve("surefire-reports"))) {
      if (Files.isDirectory(dir)) {
        try (Stream<Path> s = Files.list(dir)) {
          s.filter(p -> p.toString().endsWith(".log") || p.toString().endsWith("-output.txt"))
              .forEach(files::add);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
    return files;
  }
}
