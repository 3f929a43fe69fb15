package io.ottu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CurrencyUnitTest {

  @Test
  void theShippedTableLoadsEveryUsableCodeOfIsoListOne() {
    // 178 entries in List One (2026-01-01) minus the 13 whose minor units are "N.A.".
    assertThat(CurrencyUnit.all()).hasSize(165);
  }

  @Test
  void alphabeticAndNumericCodesAreUnique() throws IOException {
    List<String> codes = new ArrayList<>();
    for (String[] row : resourceRows()) {
      codes.add(row[0]);
    }
    assertThat(codes).doesNotHaveDuplicates();

    Set<Integer> numeric = new HashSet<>();
    for (CurrencyUnit unit : CurrencyUnit.all()) {
      assertThat(numeric.add(unit.numericCode()))
          .as("numeric code %d of %s is unique", unit.numericCode(), unit)
          .isTrue();
    }
  }

  @Test
  void everyRowOfTheResourceIsWellFormed() throws IOException {
    Set<String> kinds = Set.of("currency", "fund", "no-minor-unit", "withdrawn");
    for (String[] row : resourceRows()) {
      assertThat(row).hasSize(6);
      assertThat(row[0]).matches("[A-Z]{3}");
      assertThat(row[1]).matches("[0-9]{3}");
      assertThat(row[2]).matches("[0-4]|N\\.A\\.");
      assertThat(kinds).contains(row[3]);
      assertThat(row[5]).isNotBlank();
    }
  }

  @ParameterizedTest
  @CsvSource({
    "KWD, 414, 3, Kuwaiti Dinar",
    "JPY, 392, 0, Yen",
    "USD, 840, 2, US Dollar",
    "EUR, 978, 2, Euro",
    "XCG, 532, 2, Caribbean Guilder",
    "VED, 926, 2, Bolívar Soberano",
    "VES, 928, 2, Bolívar Soberano",
    "SLE, 925, 2, Leone",
    "ZWG, 924, 2, Zimbabwe Gold",
    "UYW, 927, 4, Unidad Previsional",
    "CLF, 990, 4, Unidad de Fomento",
    "XAD, 396, 2, Arab Accounting Dinar",
    "ALL, 8, 2, Lek",
  })
  void knownCurrenciesHaveTheirIsoValues(String code, int numeric, int minor, String name) {
    CurrencyUnit unit = CurrencyUnit.of(code);

    assertThat(unit.code()).isEqualTo(code);
    assertThat(unit.numericCode()).isEqualTo(numeric);
    assertThat(unit.minorUnits()).isEqualTo(minor);
    assertThat(unit.displayName()).isEqualTo(name);
    assertThat(unit).hasToString(code);
  }

  @ParameterizedTest
  @ValueSource(strings = {"BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"})
  void threeDecimalCurrencies(String code) {
    assertThat(CurrencyUnit.of(code).minorUnits()).isEqualTo(3);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND",
        "VUV", "XAF", "XOF", "XPF"
      })
  void zeroDecimalCurrencies(String code) {
    assertThat(CurrencyUnit.of(code).minorUnits()).isEqualTo(0);
  }

  @Test
  void onlyTheExpectedCurrenciesHaveOtherThanTwoDecimals() {
    Set<String> notTwo =
        CurrencyUnit.all().stream()
            .filter(unit -> unit.minorUnits() != 2)
            .map(CurrencyUnit::code)
            .collect(Collectors.toSet());

    assertThat(notTwo)
        .containsExactlyInAnyOrder(
            "BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND", "BIF", "CLP", "DJF", "GNF", "ISK",
            "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF",
            "CLF", "UYW");
  }

  @Test
  void agreesWithTheJdkWhereverTheJdkKnowsTheCode() {
    for (CurrencyUnit unit : CurrencyUnit.all()) {
      Currency jdk;
      try {
        jdk = Currency.getInstance(unit.code());
      } catch (IllegalArgumentException lagging) {
        continue;
      }
      assertThat(unit.numericCode()).as("numeric code of %s", unit).isEqualTo(jdk.getNumericCode());
      assertThat(unit.minorUnits())
          .as("minor units of %s", unit)
          .isEqualTo(jdk.getDefaultFractionDigits());
    }
  }

  @Test
  void ofReturnsTheOneInstancePerCode() {
    assertThat(CurrencyUnit.of("KWD")).isSameAs(CurrencyUnit.of("KWD"));
    assertThat(CurrencyUnit.of("KWD")).isEqualTo(CurrencyUnit.of("KWD"));
    assertThat(CurrencyUnit.of("KWD")).hasSameHashCodeAs(CurrencyUnit.of("KWD"));
    assertThat(CurrencyUnit.of("KWD")).isNotEqualTo(CurrencyUnit.of("BHD"));
    assertThat(CurrencyUnit.all()).contains(CurrencyUnit.of("XCG"), CurrencyUnit.of("VED"));
  }

  @Test
  void allIsInCodeOrderAndUnmodifiable() {
    List<String> codes = CurrencyUnit.all().stream().map(CurrencyUnit::code).toList();
    assertThat(codes).isSorted();
    assertThatThrownBy(() -> CurrencyUnit.all().remove(CurrencyUnit.of("USD")))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void unknownCodeIsRejectedNamingTheValue() {
    assertThatThrownBy(() -> CurrencyUnit.of("XYZ"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("unknown currency code: \"XYZ\"")
        .satisfies(e -> assertThat(((InvalidRequestException) e).field()).isEqualTo("currency"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"usd", "Usd", "US", "USDD", "", " USD", "US1", "ÜSD"})
  void malformedCodeIsRejectedNamingTheValue(String code) {
    assertThatThrownBy(() -> CurrencyUnit.of(code))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("malformed currency code: \"" + code + "\"")
        .satisfies(e -> assertThat(((InvalidRequestException) e).field()).isEqualTo("currency"));
  }

  @Test
  void longOrControlCharacterInputIsCutShortAndEscapedInTheMessage() {
    String hostile = "A".repeat(10_000) + "\n";
    assertThatThrownBy(() -> CurrencyUnit.of(hostile))
        .hasMessageContaining("(10001 characters)")
        .hasMessageNotContaining("A".repeat(41));
    assertThatThrownBy(() -> CurrencyUnit.of("U\nD"))
        .hasMessageContaining("\"U\\u000aD\"")
        .hasMessageNotContaining("\n");
  }

  @Test
  void nullCodeIsRejected() {
    assertThatThrownBy(() -> CurrencyUnit.of(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("code");
  }

  @ParameterizedTest
  @CsvSource({
    "ANG, XCG",
    "BGN, EUR",
    "CUC, CUP",
    "HRK, EUR",
    "SLL, SLE",
    "ZWL, ZWG",
    "VEF, VES",
  })
  void withdrawnCodesAreRejectedNamingTheirSuccessor(String withdrawn, String successor) {
    assertThatThrownBy(() -> CurrencyUnit.of(withdrawn))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("\"" + withdrawn + "\"")
        .hasMessageContaining("withdrawn")
        .hasMessageContaining("use " + successor);
    assertThat(CurrencyUnit.all()).extracting(CurrencyUnit::code).doesNotContain(withdrawn);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "XAU", "XAG", "XPT", "XPD", "XDR", "XBA", "XBB", "XBC", "XBD", "XSU", "XUA", "XTS", "XXX"
      })
  void codesWithoutMinorUnitsAreNotPaymentCurrencies(String code) {
    assertThatThrownBy(() -> CurrencyUnit.of(code))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("\"" + code + "\"")
        .hasMessageContaining("has no minor unit");
  }

  private static List<String[]> resourceRows() throws IOException {
    List<String[]> rows = new ArrayList<>();
    try (InputStream in = CurrencyUnit.class.getResourceAsStream("iso4217.csv")) {
      assertThat(in).as("resource io/ottu/iso4217.csv").isNotNull();
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      boolean header = true;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        if (header) {
          assertThat(line).isEqualTo("code,numeric,minor_units,kind,successor,name");
          header = false;
          continue;
        }
        rows.add(line.split(",", 6));
      }
    }
    assertThat(rows).hasSizeGreaterThan(170);
    return rows;
  }
}
