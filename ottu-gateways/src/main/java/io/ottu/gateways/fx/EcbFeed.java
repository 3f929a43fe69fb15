package io.ottu.gateways.fx;

import io.ottu.CurrencyUnit;
import io.ottu.InvalidRequestException;
import io.ottu.fx.ExchangeRateUnavailableException;
import io.ottu.fx.RateTable;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Parses the ECB's euro reference-rate XML into a {@link RateTable}, all or nothing:
 *
 * <pre>{@code
 * <gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01"
 *     xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
 *   <gesmes:subject>Reference rates</gesmes:subject>
 *   <gesmes:Sender><gesmes:name>European Central Bank</gesmes:name></gesmes:Sender>
 *   <Cube>
 *     <Cube time='2024-06-28'>
 *       <Cube currency='USD' rate='1.0705'/>
 *       ...
 * }</pre>
 *
 * The JDK's StAX parser reads it with DTDs and external entities off, and a document that carries a
 * DOCTYPE or an entity reference is refused outright: the feed has neither, and refusing them
 * closes XXE and entity-expansion attacks whatever the parser's defaults.
 */
final class EcbFeed {
  private static final Logger log = LoggerFactory.getLogger(EcbExchangeRates.class);

  /** The reference rates are a snapshot of the daily concertation at 14:10 CET (Frankfurt time). */
  static final LocalTime CONCERTATION = LocalTime.of(14, 10);

  static final ZoneId FRANKFURT = ZoneId.of("Europe/Berlin");

  private static final CurrencyUnit EUR = CurrencyUnit.of("EUR");
  private static final Pattern CODE = Pattern.compile("[A-Z]{3}");

  /** The ECB writes 4 to 6 significant digits; anything else is not its feed. */
  private static final Pattern RATE = Pattern.compile("[0-9]{1,12}(\\.[0-9]{1,12})?");

  private EcbFeed() {}

  private static XMLInputFactory newFactory() {
    // The JDK's own implementation, whatever StAX provider another jar registers.
    XMLInputFactory f = XMLInputFactory.newDefaultFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    f.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    f.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    return f;
  }

  /**
   * Parses a feed. When it lists several days (the 90-day file), the latest day is used.
   *
   * @param xml the document
   * @param origin where it came from, for messages
   * @return the table of the latest day: EUR as pivot, its date at 14:10 Frankfurt time, source
   *     {@link EcbExchangeRates#SOURCE}
   * @throws ExchangeRateUnavailableException if the document is not the ECB's feed, is not
   *     well-formed, has a DTD or entity, a malformed code, date or rate, a duplicate currency, or
   *     no usable rate
   */
  static RateTable parse(byte[] xml, String origin) {
    TreeMap<LocalDate, Map<CurrencyUnit, BigDecimal>> days = new TreeMap<>();
    List<String> skipped = new ArrayList<>();
    XMLStreamReader r = null;
    try {
      // A factory per parse: StAX does not promise thread-safe factories, and a parse happens at
      // most once per cache TTL.
      r = newFactory().createXMLStreamReader(new ByteArrayInputStream(xml));
      boolean rootSeen = false;
      Map<CurrencyUnit, BigDecimal> day = null;
      LocalDate date = null;
      int dayDepth = -1;
      int depth = 0;
      while (r.hasNext()) {
        int event = r.next();
        switch (event) {
          case XMLStreamConstants.DTD:
            throw malformed(origin, "a DOCTYPE is not allowed in the feed");
          case XMLStreamConstants.ENTITY_REFERENCE:
            throw malformed(origin, "entity references are not allowed in the feed");
          case XMLStreamConstants.START_ELEMENT:
            depth++;
            String name = r.getLocalName();
            if (!rootSeen) {
              rootSeen = true;
              if (!name.equals("Envelope")) {
                throw malformed(
                    origin, "the root element is <" + name + ">, not the ECB's <gesmes:Envelope>");
              }
              break;
            }
            if (!name.equals("Cube")) {
              break;
            }
            String time = r.getAttributeValue(null, "time");
            String currency = r.getAttributeValue(null, "currency");
            String rate = r.getAttributeValue(null, "rate");
            if (time != null) {
              if (day != null) {
                throw malformed(origin, "a dated <Cube> inside another");
              }
              date = parseDate(time, origin);
              if (days.containsKey(date)) {
                throw malformed(origin, "the day " + date + " is listed twice");
              }
              day = new LinkedHashMap<>();
              days.put(date, day);
              dayDepth = depth;
            } else if (currency != null || rate != null) {
              if (day == null) {
                throw malformed(origin, "a rate outside a dated <Cube time='...'>");
              }
              addRate(day, date, currency, rate, origin, skipped);
            }
            break;
          case XMLStreamConstants.END_ELEMENT:
            if (depth == dayDepth) {
              day = null;
              dayDepth = -1;
            }
            depth--;
            break;
          default:
            break;
        }
      }
      if (!rootSeen) {
        throw malformed(origin, "the document is empty");
      }
    } catch (XMLStreamException e) {
      throw new ExchangeRateUnavailableException(
          "ECB reference rates from " + origin + ": not well-formed XML: " + e.getMessage(), e);
    } finally {
      close(r);
    }
    if (days.isEmpty()) {
      throw malformed(origin, "no dated <Cube time='...'> element");
    }
    LocalDate latest = days.lastKey();
    Map<CurrencyUnit, BigDecimal> rates = days.get(latest);
    if (rates.isEmpty()) {
      throw malformed(origin, "no usable rate for " + latest);
    }
    if (!skipped.isEmpty()) {
      log.debug(
          "ECB reference rates from {}: skipped codes that are not usable ISO 4217 currencies: {}",
          origin,
          skipped);
    }
    try {
      return RateTable.of(
          EUR,
          rates,
          latest.atTime(CONCERTATION).atZone(FRANKFURT).toInstant(),
          EcbExchangeRates.SOURCE);
    } catch (InvalidRequestException e) {
      throw malformed(origin, e.getMessage());
    }
  }

  private static LocalDate parseDate(String time, String origin) {
    try {
      if (time.length() != 10) {
        throw new DateTimeException("not yyyy-mm-dd");
      }
      return LocalDate.parse(time);
    } catch (DateTimeException e) {
      throw malformed(origin, "the date " + quote(time) + " is not an ISO date (yyyy-mm-dd)");
    }
  }

  private static void addRate(
      Map<CurrencyUnit, BigDecimal> day,
      LocalDate date,
      String code,
      String rate,
      String origin,
      List<String> skipped) {
    if (code == null || rate == null) {
      throw malformed(origin, "a <Cube> on " + date + " without both currency and rate");
    }
    if (!CODE.matcher(code).matches()) {
      throw malformed(origin, "the currency code " + quote(code) + " is not three letters");
    }
    if (!RATE.matcher(rate).matches()) {
      throw malformed(origin, "the rate of " + code + " is not a plain decimal: " + quote(rate));
    }
    BigDecimal value = new BigDecimal(rate);
    if (value.signum() <= 0) {
      throw malformed(origin, "the rate of " + code + " is not positive: " + rate);
    }
    CurrencyUnit currency;
    try {
      currency = CurrencyUnit.of(code);
    } catch (InvalidRequestException e) {
      // The ECB lists a currency ISO 4217 has withdrawn (BGN into 2025) or one this library's table
      // does not know yet: leave it out rather than refuse every other rate.
      if (!skipped.contains(code)) {
        skipped.add(code);
      }
      return;
    }
    if (currency.equals(EUR)) {
      throw malformed(origin, "EUR is listed against itself");
    }
    if (day.putIfAbsent(currency, value) != null) {
      throw malformed(origin, code + " is listed twice on " + date);
    }
  }

  private static ExchangeRateUnavailableException malformed(String origin, String reason) {
    return new ExchangeRateUnavailableException(
        "ECB reference rates from " + origin + ": malformed feed: " + reason);
  }

  /** Feed content is untrusted: quoted short and without control characters. */
  private static String quote(String value) {
    String cut = value.length() > 32 ? value.substring(0, 32) + "..." : value;
    return "\"" + cut.replaceAll("[\\p{Cntrl}\"\\\\]", "?") + "\"";
  }

  private static void close(XMLStreamReader r) {
    if (r != null) {
      try {
        r.close();
      } catch (XMLStreamException e) {
        // Nothing to release beyond the byte array; the parse result stands.
      }
    }
  }
}
