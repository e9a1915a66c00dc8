package dev.kubicle.operator.console.auth;

import java.util.List;

/** What a verified ID token says about the person: issuer + subject identify them; the rest is informative. */
public record OidcIdentity(String issuer, String subject, String username, String email, List<String> groups) {

  /** The stable user key: issuer + "|" + subject (never the email, which people and issuers can change). */
  public String userKey() {
    return issuer + "|" + subject;
  }
}
