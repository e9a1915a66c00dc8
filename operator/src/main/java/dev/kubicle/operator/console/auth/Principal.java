package dev.kubicle.operator.console.auth;

/**
 * Who is making a request: the owner name (Workspace spec.owner), the stable user key (issuer + "|" + subject),
 * whether they are an admin, and how they authenticated. {@code csrfToken} is set for cookie sessions only: those
 * requests must echo it on every state change; bearer-token requests carry no ambient credential and need none.
 * {@code sessionHash} names the session, {@code tokenId} the API token: what sign-out and revocation close.
 */
public record Principal(String name, String userKey, boolean admin, Via via, String csrfToken, byte[] sessionHash,
    String tokenId) {

  /** How the request proved who it is. */
  public enum Via { SESSION, API_TOKEN }

  public static Principal session(String name, String userKey, boolean admin, String csrfToken, byte[] sessionHash) {
    return new Principal(name, userKey, admin, Via.SESSION, csrfToken, sessionHash, null);
  }

  public static Principal apiToken(String name, String userKey, boolean admin, String tokenId) {
    return new Principal(name, userKey, admin, Via.API_TOKEN, null, null, tokenId);
  }

  /** Which sign-in this is: one session or one API token, whoever the user. */
  public record Credential(Via via, String id) {
    public static Credential session(byte[] sessionHash) {
      return new Credential(Via.SESSION, java.util.HexFormat.of().formatHex(sessionHash));
    }

    public static Credential apiToken(String tokenId) {
      return new Credential(Via.API_TOKEN, tokenId);
    }
  }

  public Credential credential() {
    return via == Via.SESSION ? Credential.session(sessionHash) : Credential.apiToken(tokenId);
  }

  /** Whether this principal may see and change a workspace or task owned by {@code owner}. */
  public boolean mayAccess(String owner) {
    return admin || name.equals(owner);
  }

  public String role() {
    return admin ? "admin" : "member";
  }
}
