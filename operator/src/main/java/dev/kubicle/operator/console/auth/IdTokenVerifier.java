package dev.kubicle.operator.console.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.URL;
import java.text.ParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks an ID token: signature by a key from the issuer's JWKS (asymmetric algorithms only, never "none" or HMAC),
 * issuer exactly equal, audience containing the client id (and azp equal to it when there are several audiences),
 * the nonce of this login, and expiry and issue time with a small clock skew.
 */
public class IdTokenVerifier {
  public static final int MAX_CLOCK_SKEW_SECONDS = 60;
  private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
      JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
      JWSAlgorithm.ES384, JWSAlgorithm.ES512, JWSAlgorithm.EdDSA);

  private final String issuer;
  private final String clientId;
  private final JWKSource<SecurityContext> keys;

  public IdTokenVerifier(String issuer, String clientId, URL jwksUri) {
    this.issuer = issuer;
    this.clientId = clientId;
    // Cached and refreshed on an unknown key id, so a key rotation at the issuer just works.
    this.keys = JWKSourceBuilder.create(jwksUri).retrying(true).build();
  }

  /** The token's claims once every check passed; the message says which check failed. */
  public JWTClaimsSet verify(String idToken, String expectedNonce) throws OidcException {
    DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
    DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(Set.of(clientId),
        new JWTClaimsSet.Builder().issuer(issuer).claim("nonce", expectedNonce).build(),
        new HashSet<>(List.of("sub", "iat", "exp", "aud", "iss", "nonce")), null);
    claims.setMaxClockSkew(MAX_CLOCK_SKEW_SECONDS);
    processor.setJWTClaimsSetVerifier(claims);
    JWTClaimsSet set;
    try {
      set = processor.process(idToken, null);
    } catch (ParseException e) {
      throw new OidcException("the ID token is not a signed JWT: " + e.getMessage(), e);
    } catch (BadJOSEException | JOSEException e) {
      throw new OidcException("the ID token was refused: " + e.getMessage(), e);
    }
    List<String> audience = set.getAudience();
    if (audience.size() > 1) {
      Object azp = set.getClaim("azp");
      if (!clientId.equals(azp)) {
        throw new OidcException("the ID token names several audiences but its azp is " + azp + ", not " + clientId);
      }
    }
    return set;
  }
}
