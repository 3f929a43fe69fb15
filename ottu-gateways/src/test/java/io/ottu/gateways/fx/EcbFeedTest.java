package io.ottu.gateways.fx;

import static io.ottu.gateways.fx.EcbFixtures.DAILY_2024_06_28;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ottu.CurrencyUnit;
import io.ottu.fx.ExchangeRateUnavailableException;
import io.ottu.fx.RateTable;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The parser alone, on the feed and on everything that is not the feed. */
class EcbFeedTest {
  private static RateTable parse(String xml) {
    return EcbFeed.parse(xml.getBytes(StandardCharsets.UTF_8), "test");
  }

  @Test
  void theTimeIsTheConcertationInFrankfurtSummerOrWinter() {
    assertThat(parse(DAILY_2024_06_28).asOf()).isEqualTo(Instant.parse("2024-06-28T12:10:00Z"));
    assertThat(parse(EcbFixtures.daily("2024-11-25", "1.0523")).asOf())
        .isEqualTo(Instant.parse("2024-11-25T13:10:00Z"));
  }

  @Test
  void theNinetyDayFileGivesItsLatestDay() {
    String day =
        DAILY_2024_06_28.substring(
            DAILY_2024_06_28.indexOf("    <Cube time="),
            DAILY_2024_06_28.indexOf("  </Cube>\n</gesmes"));
    String older = day.replace("2024-06-28", "2024-06-27").replace("1.0705", "1.0696");
    String ninetyDays = DAILY_2024_06_28.replace(day, day + older);
    RateTable table = parse(ninetyDays);
    assertThat(table.asOf()).isEqualTo(Instant.parse("2024-06-28T12:10:00Z"));
    assertThat(table.rateAgainstPivot(CurrencyUnit.of("USD"))).contains(new BigDecimal("1.0705"));
    RateTable reversed = parse(DAILY_2024_06_28.replace(day, older + day));
    assertThat(reversed).isEqualTo(table);
  }

  @Test
  void codesThatAreNotIsoCurrenciesAreLeftOutAndTheRestKept() {
    RateTable t =
        parse(
            EcbFixtures.withRates(
                "      <Cube currency='USD' rate='1.0705'/>\n"
                    + "      <Cube currency='HRK' rate='7.5345'/>\n"
                    + "      <Cube currency='XYZ' rate='2'/>"));
    assertThat(t.rates()).containsOnlyKeys(CurrencyUnit.of("USD"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "not XML | <html><body>Service unavailable</body></html> | the root element is <html>",
        "empty | '' | not well-formed XML",
        "truncated | TRUNCATED | not well-formed XML",
        "no day | NODAY | no dated <Cube time='...'> element",
        "no rates | NORATES | no usable rate for 2024-06-28",
        "bad date | DATE:2024-13-01 | the date \"2024-13-01\" is not an ISO date",
        "date with time | DATE:2024-06-28T00:00 | is not an ISO date",
        "rate not a number | <Cube currency='USD' rate='abc'/> | the rate of USD is not a plain"
            + " decimal: \"abc\"",
        "negative rate | <Cube currency='USD' rate='-1.07'/> | the rate of USD is not a plain decimal",
        "zero rate | <Cube currency='USD' rate='0.0000'/> | the rate of USD is not positive",
        "exponent | <Cube currency='USD' rate='1E+999999999'/> | not a plain decimal",
        "lower-case code | <Cube currency='usd' rate='1.07'/> | the currency code \"usd\" is not three"
            + " letters",
        "missing rate | <Cube currency='USD'/> | without both currency and rate",
        "duplicate | <Cube currency='USD' rate='1.07'/><Cube currency='USD' rate='1.08'/> | USD is"
            + " listed twice on 2024-06-28",
        "euro | <Cube currency='EUR' rate='1'/> | EUR is listed against itself",
      })
  void anythingButTheFeedIsRefusedWhole(String name, String change, String reason) {
    String xml;
    if (change.equals("TRUNCATED")) {
      xml = DAILY_2024_06_28.substring(0, DAILY_2024_06_28.length() / 2);
    } else if (change.equals("NODAY")) {
      xml = DAILY_2024_06_28.replaceAll("(?s)<Cube>.*</Cube>", "<Cube></Cube>");
    } else if (change.equals("NORATES")) {
      xml = EcbFixtures.withRates("");
    } else if (change.startsWith("DATE:")) {
      xml = DAILY_2024_06_28.replace("2024-06-28", change.substring(5));
    } else if (change.startsWith("<Cube")) {
      // The bad line among the good ones: no partial table either way.
      xml = EcbFixtures.withRates("      <Cube currency='JPY' rate='171.94'/>" + change);
    } else {
      xml = change;
    }
    assertThatThrownBy(() -> parse(xml))
        .isInstanceOf(ExchangeRateUnavailableException.class)
        .hasMessageStartingWith("ECB reference rates from test: ")
        .hasMessageContaining(reason);
  }

  @Test
  void aDoctypeWithAnExternalEntityIsRefusedAndTheFileNeverRead(@TempDir Path dir)
      throws Exception {
    Path secret = dir.resolve("secret.txt");
    Files.writeString(secret, "1.2345");
    String xxe =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE gesmes:Envelope [<!ENTITY xxe SYSTEM \""
            + secret.toUri()
            + "\">]>\n"
            + DAILY_2024_06_28
                .substring(DAILY_2024_06_28.indexOf("<gesmes:Envelope"))
                .replace("rate='1.0705'", "rate='&xxe;'");
    assertThatThrownBy(() -> parse(xxe))
        .isInstanceOf(ExchangeRateUnavailableException.class)
        .hasMessageContaining("a DOCTYPE is not allowed")
        .hasMessageNotContaining("1.2345");
  }

  @Test
  void anEntityExpansionBombIsRefused() {
    String lol =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [<!ENTITY lol \"lol\">"
            + "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
            + "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>\n"
            + "<gesmes:Envelope xmlns:gesmes='http://www.gesmes.org/xml/2002-08-01'>&lol3;"
            + "</gesmes:Envelope>";
    assertThatThrownBy(() -> parse(lol))
        .isInstanceOf(ExchangeRateUnavailableException.class)
        .hasMessageContaining("DOCTYPE");
  }

  @Test
  void anUndeclaredEntityReferenceIsRefused() {
    String xml = DAILY_2024_06_28.replace("rate='1.0705'", "rate='&xxe;'");
    assertThatThrownBy(() -> parse(xml))
        .isInstanceOf(ExchangeRateUnavailableException.class)
        .hasMessageStartingWith("ECB reference rates from test: ");
  }
}
