package io.ottu;

/**
 * Who is paying, as far as gateways and risk checks need it. Every part is optional (may be null).
 * Immutable.
 *
 * @param id the host's customer id
 * @param email the shopper's e-mail
 * @param country ISO 3166-1 alpha-2 country of the shopper (billing)
 * @param ipAddress the shopper's IP address, for 3-D Secure and risk
 */
public record Customer(String id, String email, String country, String ipAddress) {

  /** Validates the country code's form. */
  public Customer {
    if (country != null && !country.matches("[A-Z]{2}")) {
      throw new InvalidRequestException(
          "customer.country", "must be an ISO 3166-1 alpha-2 code such as KW, was " + country);
    }
  }

  /** A customer known only by the host's id. */
  public static Customer ofId(String id) {
    return new Customer(id, null, null, null);
  }
}
