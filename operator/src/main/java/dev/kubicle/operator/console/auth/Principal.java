package dev.kubicle.operator.console.auth;

/**
 * Who is making a request: the owner name (Workspace spec.owner), the stable user key (issuer + "|" + subject),
 * whether they are an admin, and how they authenticated. {@code csrfToken} is set for cookie sessions only: those
 * requests must echo it on every state change; bearer-token requests carry no ambient credential and need none.
 */
public record Principal(String name, String userKey, boolean admin, Via via, String csrfToken, byte[] sessionHash) {

  /** How the request proved who it is. */
  public enum Via { SESSION, API_TOKEN }

  public static Principal session(String name, String userKey, boolean admin, String csrfToken, byte[] sessionHash) {
    return new Principal(name, userKey, admin, Via.SESSION, csrfToken, sessionHash);
  }

  public static Principal apiToken(String name, String userKey, boolean admin) {
    return new Principal(name, userKey, admin, Via.API_TOKEN, null, null);
  }

  /** Whether this principal may see and change a workspace or task owned by {@code owner}. */
  public boolean mayAccess(String owner) {
    return admin || name.equals(owner);
  }

  public String role() {
    return admin ? "admin" : "member";
  }
}
