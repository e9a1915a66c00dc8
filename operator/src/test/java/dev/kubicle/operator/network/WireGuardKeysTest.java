package dev.kubicle.operator.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WireGuardKeysTest {

  @Test
  void ourPublicKeyIsWhatWgPubkeyComputesFromOurPrivateKey() throws Exception {
    requireWg();
    for (int i = 0; i < 20; i++) {
      WireGuardKeys.KeyPair pair = WireGuardKeys.generate();
      assertThat(wg(pair.privateKey(), "pubkey")).isEqualTo(pair.publicKey());
    }
  }

  @Test
  void forAKeyFromWgGenkeyWeComputeTheSamePublicKeyAsWgPubkey() throws Exception {
    requireWg();
    for (int i = 0; i < 20; i++) {
      String privateKey = wg(null, "genkey");
      assertThat(WireGuardKeys.isValidKey(privateKey)).isTrue();
      assertThat(WireGuardKeys.publicKeyOf(privateKey)).isEqualTo(wg(privateKey, "pubkey"));
    }
  }

  @Test
  void generatedPrivateKeysAreClampedLikeWgGenkeys() {
    for (int i = 0; i < 100; i++) {
      byte[] raw = Base64.getDecoder().decode(WireGuardKeys.generate().privateKey());
      assertThat(raw[0] & 7).isZero();
      assertThat(raw[31] & 0x80).isZero();
      assertThat(raw[31] & 0x40).isEqualTo(0x40);
    }
  }

  @Test
  void generatedKeysAreDistinctAndValid() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      WireGuardKeys.KeyPair pair = WireGuardKeys.generate();
      assertThat(WireGuardKeys.isValidKey(pair.privateKey())).isTrue();
      assertThat(WireGuardKeys.isValidKey(pair.publicKey())).isTrue();
      assertThat(seen.add(pair.privateKey())).isTrue();
    }
  }

  @Test
  void aKeyPairNeverShowsItsPrivateKeyInToString() {
    WireGuardKeys.KeyPair pair = WireGuardKeys.generate();
    assertThat(pair.toString()).doesNotContain(pair.privateKey()).contains(pair.publicKey()).contains("redacted");
  }

  @Test
  void aKeyPairWhosePublicKeyDoesNotMatchIsRejected() {
    WireGuardKeys.KeyPair one = WireGuardKeys.generate();
    WireGuardKeys.KeyPair other = WireGuardKeys.generate();
    assertThatThrownBy(() -> new WireGuardKeys.KeyPair(one.privateKey(), other.publicKey()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not belong");
  }

  @Test
  void invalidKeysAreRejectedWithTheReasonButWithoutTheKey() {
    String valid = WireGuardKeys.generate().privateKey();
    String tooShort = Base64.getEncoder().encodeToString(new byte[31]);
    String unpadded = valid.substring(0, 43);
    // 'B' in the last position before '=' sets a low bit that 32 bytes cannot carry.
    String strayBits = Base64.getEncoder().encodeToString(new byte[32]).substring(0, 42) + "B=";

    assertThat(WireGuardKeys.problemWith(null)).contains("the key is empty");
    assertThat(WireGuardKeys.problemWith("")).contains("the key is empty");
    assertThat(WireGuardKeys.problemWith("not base64 at all!")).get().asString().contains("not valid base64");
    assertThat(WireGuardKeys.problemWith(tooShort)).get().asString().contains("decodes to 31 bytes")
        .contains("exactly 32 bytes");
    assertThat(WireGuardKeys.problemWith(unpadded)).get().asString().contains("not canonical");
    assertThat(WireGuardKeys.problemWith(strayBits)).get().asString().contains("not canonical");
    assertThat(WireGuardKeys.isValidKey(tooShort)).isFalse();
    assertThat(WireGuardKeys.isValidKey(valid)).isTrue();

    assertThatThrownBy(() -> WireGuardKeys.publicKeyOf(unpadded))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("Invalid WireGuard private key: ")
        .hasMessageNotContaining(unpadded);
  }

  @Test
  void wgItselfRejectsWhatWeReject() throws Exception {
    requireWg();
    String strayBits = Base64.getEncoder().encodeToString(new byte[32]).substring(0, 42) + "B=";
    Process process = new ProcessBuilder("wg", "pubkey").redirectErrorStream(true).start();
    process.getOutputStream().write((strayBits + "\n").getBytes(StandardCharsets.US_ASCII));
    process.getOutputStream().close();
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("wg pubkey of a non-canonical key").isNotZero();
  }

  private static void requireWg() {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/wg")) || onPath("wg"),
        "wg (wireguard-tools) is not installed; .ci/run installs it. Skipping the wg compatibility check.");
  }

  private static boolean onPath(String command) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String dir : path.split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }

  private static String wg(String stdin, String subcommand) throws IOException, InterruptedException {
    Process process = new ProcessBuilder("wg", subcommand).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    if (stdin != null) {
      process.getOutputStream().write((stdin + "\n").getBytes(StandardCharsets.US_ASCII));
    }
    process.getOutputStream().close();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
    assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("wg " + subcommand + " exit code").isZero();
    return out;
  }
}
