package io.ottu.gateways.fx;

/**
 * The ECB's daily reference-rate file as published for 28 June 2024, byte for byte apart from
 * indentation (the ECB indents with tabs): the real namespaces, single-quoted attributes and all 30
 * currencies of that day, BGN included (ISO 4217 has since withdrawn it, so the parser leaves it
 * out).
 */
final class EcbFixtures {
  static final String PATH = "/stats/eurofxref/eurofxref-daily.xml";

  static final String DAILY_2024_06_28 =
      """
      <?xml version="1.0" encoding="UTF-8"?>
      <gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" \
      xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
        <gesmes:subject>Reference rates</gesmes:subject>
        <gesmes:Sender>
          <gesmes:name>European Central Bank</gesmes:name>
        </gesmes:Sender>
        <Cube>
          <Cube time='2024-06-28'>
            <Cube currency='USD' rate='1.0705'/>
            <Cube currency='JPY' rate='171.94'/>
            <Cube currency='BGN' rate='1.9558'/>
            <Cube currency='CZK' rate='25.025'/>
            <Cube currency='DKK' rate='7.4575'/>
            <Cube currency='GBP' rate='0.84638'/>
            <Cube currency='HUF' rate='395.10'/>
            <Cube currency='PLN' rate='4.3090'/>
            <Cube currency='RON' rate='4.9773'/>
            <Cube currency='SEK' rate='11.3595'/>
            <Cube currency='CHF' rate='0.9634'/>
            <Cube currency='ISK' rate='148.90'/>
            <Cube currency='NOK' rate='11.3965'/>
            <Cube currency='TRY' rate='35.1868'/>
            <Cube currency='AUD' rate='1.6079'/>
            <Cube currency='BRL' rate='5.8915'/>
            <Cube currency='CAD' rate='1.4670'/>
            <Cube currency='CNY' rate='7.7748'/>
            <Cube currency='HKD' rate='8.3594'/>
            <Cube currency='IDR' rate='17487.21'/>
            <Cube currency='ILS' rate='4.0200'/>
            <Cube currency='INR' rate='89.2495'/>
            <Cube currency='KRW' rate='1474.86'/>
            <Cube currency='MXN' rate='19.5654'/>
            <Cube currency='MYR' rate='5.0501'/>
            <Cube currency='NZD' rate='1.7601'/>
            <Cube currency='PHP' rate='62.560'/>
            <Cube currency='SGD' rate='1.4513'/>
            <Cube currency='THB' rate='39.319'/>
            <Cube currency='ZAR' rate='19.4970'/>
          </Cube>
        </Cube>
      </gesmes:Envelope>
      """;

  /** The same document for another day, with the USD rate changed. */
  static String daily(String date, String usd) {
    return DAILY_2024_06_28
        .replace("time='2024-06-28'", "time='" + date + "'")
        .replace("rate='1.0705'", "rate='" + usd + "'");
  }

  /** The document with its day's rates replaced. */
  static String withRates(String cubes) {
    int start = DAILY_2024_06_28.indexOf("      <Cube currency='USD'");
    int end = DAILY_2024_06_28.indexOf("    </Cube>\n  </Cube>");
    return DAILY_2024_06_28.substring(0, start) + cubes + "\n" + DAILY_2024_06_28.substring(end);
  }

  private EcbFixtures() {}
}
