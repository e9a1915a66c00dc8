package dev.kubicle.agent.ssh;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.common.config.keys.AuthorizedKeyEntry;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.server.session.ServerSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Accepts exactly the public keys of the current manifest; a new manifest replaces them for the next login. */
public final class AuthorizedKeys implements PublickeyAuthenticator {
  private static final Logger log = LoggerFactory.getLogger(AuthorizedKeys.class);

  private volatile List<PublicKey> keys = List.of();

  /** Parses authorized_keys lines; a line that is not a key is skipped with a warning, never fatal. */
  public void update(List<String> lines) {
    List<PublicKey> parsed = new ArrayList<>();
    for (String line : lines) {
      if (line == null || line.isBlank() || line.strip().startsWith("#")) {
        continue;
      }
      try {
        AuthorizedKeyEntry entry = AuthorizedKeyEntry.parseAuthorizedKeyEntry(line.strip());
        PublicKey key = entry == null ? null : entry.resolvePublicKey(null, PublicKeyEntryResolver.FAILING);
        if (key != null) {
          parsed.add(key);
        }
      } catch (Exception e) {
        log.warn("ignoring an SSH authorized key that cannot be parsed: {}", e.getMessage());
      }
    }
    keys = List.copyOf(parsed);
    log.info("{} SSH authorized key(s) from the manifest", parsed.size());
  }

  /** The login name is not checked: the workspace has one user, and the key says who it is. */
  @Override
  public boolean authenticate(String username, PublicKey key, ServerSession session) {
    for (PublicKey allowed : keys) {
      if (KeyUtils.compareKeys(allowed, key)) {
        return true;
      }
    }
    return false;
  }
}
