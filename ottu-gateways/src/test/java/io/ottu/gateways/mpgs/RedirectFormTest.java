package io.ottu.gateways.mpgs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link RedirectForm} reads only the form's action, method and hidden fields, safely. */
class RedirectFormTest {
  @Test
  void readsMpgsChallengeSnippet() {
    RedirectForm.Form form = RedirectForm.parse(MpgsFixtures.CHALLENGE_HTML).orElseThrow();

    assertThat(form.action()).isEqualTo(MpgsFixtures.ACS_URL);
    assertThat(form.method()).isEqualTo("POST");
    assertThat(form.fields()).containsExactly(Map.entry("creq", MpgsFixtures.CREQ));
  }

  @Test
  void decodesCharacterReferencesAndAcceptsEveryQuotingStyle() {
    String html =
        "<FORM method=post action='https://acs.example/challenge?a=1&amp;b=2'>"
            + "<input type=hidden name=MD value=abc>"
            + "<input name=\"TermUrl\" type=\"HIDDEN\" value=\"https://x.example/?q=&#x31;&#50;&quot;\">"
            + "<input type=\"text\" name=\"visible\" value=\"ignored\">"
            + "<input type=\"hidden\" value=\"no name\">"
            + "</form><form action=\"https://second.example\"><input type=hidden name=x value=y></form>";

    RedirectForm.Form form = RedirectForm.parse(html).orElseThrow();

    assertThat(form.action()).isEqualTo("https://acs.example/challenge?a=1&b=2");
    assertThat(form.method()).isEqualTo("POST");
    assertThat(form.fields())
        .containsExactly(Map.entry("MD", "abc"), Map.entry("TermUrl", "https://x.example/?q=12\""));
  }

  @Test
  void aGetFormKeepsItsMethod() {
    RedirectForm.Form form =
        RedirectForm.parse(
                "<form action=\"https://acs.example/go\"><input type=\"hidden\" name=\"t\""
                    + " value=\"1\"/></form>")
            .orElseThrow();

    assertThat(form.method()).isEqualTo("GET");
    assertThat(form.fields()).containsEntry("t", "1");
  }

  @Test
  void refusesWhatIsNotASafeForm() {
    assertThat(RedirectForm.parse(null)).isEmpty();
    assertThat(RedirectForm.parse("<script>document.location='https://x'</script>")).isEmpty();
    assertThat(RedirectForm.parse("<form method=\"POST\"></form>")).isEmpty();
    assertThat(RedirectForm.parse("<form action=\"http://acs.example\"></form>")).isEmpty();
    assertThat(RedirectForm.parse("<form action=\"javascript:alert(1)\"></form>")).isEmpty();
    assertThat(RedirectForm.parse("<form action=\"https://a.example\" method=\"DELETE\"></form>"))
        .isEmpty();
    assertThat(
            RedirectForm.parse(
                "<form action=\"https://a.example\">" + "x".repeat(RedirectForm.MAX_LENGTH)))
        .isEmpty();
  }

  @Test
  void leavesUnknownEntitiesAlone() {
    assertThat(RedirectForm.decode("a&nbsp;b&amp;c&#0000065;")).isEqualTo("a&nbsp;b&cA");
  }
}
