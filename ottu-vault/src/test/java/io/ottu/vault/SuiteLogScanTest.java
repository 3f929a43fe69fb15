package io.ottu.vault;

import static org.assertj.core.api.Assertions.assertThat;

import io.ottu.CardBrand;
import io.ottu.CardNumbers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Proves that no card number or CVC reached any log during the vault suite.
 *
 * <p>Maven runs this class in a second Surefire execution, after the whole suite (see the module's
 * pom). The suite logs every SLF4J statement at TRACE into {@code target/vault-suite.log}, and
 * Surefire keeps each test class's standard output and error (including the SoftHSM2 scenario's
 * child JVM, which the PKCS#11 test echoes) in {@code target/surefire-reports}. This test reads all
 * of it and looks for: the suite's test card numbers, with or without separators; any 12- to
 * 19-digit run that passes Luhn and starts like a real brand (the random cards of the property
 * tests); and the suite's CVCs as stand-alone numbers.
 */
class SuiteLogScanTest {
  private static final List<String> PANS =
      List.of(
          TestCards.VISA,
          TestCards.VISA_DEBIT,
          TestCards.VISA_13,
          TestCards.MASTERCARD,
          TestCards.MASTERCARD_2_SERIES,
          TestCards.AMEX,
          TestCards.DISCOVER,
          TestCards.DINERS,
          TestCards.DINERS_14,
          TestCards.JCB,
          TestCards.UNIONPAY,
          TestCards.UNIONPAY_19,
          TestCards.MAESTRO);
  private static final Pattern DIGIT_RUN = Pattern.compile("(?<![0-9])[0-9]{12,19}(?![0-9])");
  private static final Pattern RANDOM_TOKEN = Pattern.compile("tok_[0-9A-Za-z]{22}");
  // JUnit names temporary directories "junit" followed by a random long.
  private static final Pattern JUNIT_TEMP_DIR = Pattern.compile("junit-?[0-9]+");
  // A Surefire XML report opens with the forked JVM's system properties: file names built from
  // timestamps (surefirebooter-20261126221055224_3.jar), process ids, class paths. They are not
  // log output, and a timestamp run is now and then Luhn-valid with a brand-like prefix, so the
  // scan reads the report without that block (its test output and failure messages stay in).
  private static final Pattern REPORT_PROPERTIES =
      Pattern.compile("<properties>.*?</properties>", Pattern.DOTALL);

  @Test
  void noCardNumberOrCvcInAnyLogOfTheSuite() throws IOException {
    Path suiteLog = Path.of(System.getProperty("ottu.vault.suiteLog", "target/vault-suite.log"));
    Path reports = Path.of(System.getProperty("ottu.vault.reportsDir", "target/surefire-reports"));
    assertThat(suiteLog).as("the suite's log file").exists();
    String log = Files.readString(suiteLog, StandardCharsets.UTF_8);

    // The log is this run's, and the capture worked: the suite logged tokenizations,
    // detokenizations, refusals, integrity failures, rotations and erasures at every level (all of
    // them unless the run was narrowed with -Dtest).
    assertThat(log).contains("INFO SuiteLogSession - vault test session started");
    String filter = System.getProperty("ottu.vault.testFilter", "");
    boolean wholeSuite = filter.isBlank() || filter.startsWith("${");
    if (wholeSuite) {
      assertThat(log)
          .contains("DEBUG CardVault - tokenized tok_")
          .contains("DEBUG CardVault - detokenized tok_")
          .contains("WARN CardVault - refused vault.detokenize")
          .contains("WARN CardVault - integrity failure")
          .contains("INFO CardVault - key rotation")
          .contains("INFO CardVault - erased tok_");
    }

    List<String> problems = new ArrayList<>(scan(suiteLog.toString(), log));
    if (Files.isDirectory(reports)) {
      try (Stream<Path> files = Files.list(reports)) {
        for (Path f : files.filter(Files::isRegularFile).toList()) {
          String text = Files.readString(f, StandardCharsets.UTF_8);
          if (f.toString().endsWith(".xml")) {
            text = withoutSystemProperties(text);
          }
          problems.addAll(scan(f.toString(), text));
        }
      }
    }
    assertThat(problems).as("card data found in logs").isEmpty();
  }

  @Test
  void scannerFindsWhatItLooksFor() {
    assertThat(scan("x", "card 4242 4242 4242 4242 declined")).isNotEmpty();
    assertThat(scan("x", "n=6011000990139424;")).hasSize(1);
    assertThat(scan("x", "cvc 737 given")).hasSize(1);
    assertThat(scan("x", "tokenized tok_AAAA737AAAAAAAAAAAAAAAAA (VISA, key version 1)")).isEmpty();
    assertThat(scan("x", "424242******4242 and 4242424242424241 (fails Luhn)")).isEmpty();
    assertThat(scan("x", "created /tmp/junit-2272525416221046177/vault.p12")).isEmpty();
    String report =
        "<testsuite><properties><property name=\"sun.java.command\" value=\"x"
            + " 5555555555554444\"/></properties><system-out>card 5105105105105100</system-out>";
    assertThat(scan("x", withoutSystemProperties(report)))
        .containsExactly("x: Luhn-valid number 510510******5100");
  }

  private static String withoutSystemProperties(String report) {
    return REPORT_PROPERTIES.matcher(report).replaceFirst("<properties/>");
  }

  private static List<String> scan(String source, String text) {
    List<String> found = new ArrayList<>();
    String squeezed =
        JUNIT_TEMP_DIR.matcher(text).replaceAll("junit").replaceAll("(?<=[0-9])[ -](?=[0-9])", "");
    for (String pan : PANS) {
      if (squeezed.contains(pan)) {
        found.add(source + ": test card " + CardNumbers.mask(pan.toCharArray()));
      }
    }
    Matcher m = DIGIT_RUN.matcher(squeezed);
    while (m.find()) {
      String run = m.group();
      if (CardNumbers.luhnValid(run) && CardBrand.detect(run) != CardBrand.UNKNOWN) {
        found.add(source + ": Luhn-valid number " + CardNumbers.mask(run.toCharArray()));
      }
    }
    String withoutTokens = RANDOM_TOKEN.matcher(text).replaceAll("tok_");
    for (String cvc : List.of(TestCards.CVC, TestCards.AMEX_CVC)) {
      if (Pattern.compile("(?<![0-9])" + cvc + "(?![0-9])").matcher(withoutTokens).find()) {
        found.add(source + ": CVC " + cvc);
      }
    }
    return found;
  }
}
