package dev.kubicle.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubicle.agent.support.AgentProcess;
import dev.kubicle.agent.support.ScriptedControlPlane;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Requests the control plane sends (exec, files, PTY), answered by one real agent process shared by these tests. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(60)
class AgentRequestsTest {
  private static final String TOKEN = "requests-token-0123456789abcdef";
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final AtomicInteger IDS = new AtomicInteger();

  private Path dir;
  private ScriptedControlPlane cp;
  private AgentProcess agent;

  @BeforeAll
  void startAgent(@TempDir Path tempDir) throws Exception {
    dir = tempDir.toRealPath();
    cp = ScriptedControlPlane.start(TOKEN);
    ObjectNode manifest = ScriptedControlPlane.manifest();
    manifest.putArray("metadata")
        .add(params().put("key", "greeting").put("script", "echo \"  hi $KUBICLE_TEST_ENV  \"").put("intervalMs", 1000))
        .add(params().put("key", "broken").put("script", "echo partial; echo no such tool >&2; exit 1")
            .put("intervalMs", 1000));
    cp.useManifest(manifest);
    agent = AgentProcess.start(cp.baseUrl(), TOKEN, dir);
    cp.await("lifecycle", f -> f.path("state").asText().equals("ready"), WAIT);
  }

  @AfterAll
  void stopAgent() throws Exception {
    agent.close();
    cp.close();
  }

  private JsonNode call(String method, ObjectNode params) {
    return cp.request("req-" + IDS.incrementAndGet(), method, params, WAIT);
  }

  private static ObjectNode params() {
    return ScriptedControlPlane.JSON.createObjectNode();
  }

  @Test
  void execRunsInTheWorkspaceDirectoryNonInteractivelyWithTheManifestAndRequestEnv() {
    ObjectNode params = params().put("command", "pwd; echo $TERM $PAGER $KUBICLE_TEST_ENV $EXTRA; read x || echo no-stdin; "
        + "echo err >&2; exit 4");
    params.putObject("env").put("EXTRA", "from-request");

    JsonNode result = call("exec", params).path("result");

    assertThat(result.path("exitCode").asInt()).isEqualTo(4);
    assertThat(result.path("stdout").asText())
        .isEqualTo(dir + "\ndumb cat from-manifest from-request\nno-stdin\n");
    assertThat(result.path("stderr").asText()).isEqualTo("err\n");
    assertThat(result.path("timedOut").asBoolean()).isFalse();
    assertThat(result.path("truncated").asBoolean()).isFalse();
    assertThat(result.path("durationMs").isIntegralNumber()).isTrue();
  }

  @Test
  void execPastItsTimeoutKillsTheWholeProcessGroupAndSaysTimedOut() throws Exception {
    Path pids = dir.resolve("timeout-pids");
    ObjectNode params = params()
        .put("command", "echo $$ > " + pids + "; sleep 30 & echo $! >> " + pids + "; wait")
        .put("timeoutMs", 500);

    long started = System.nanoTime();
    JsonNode result = call("exec", params).path("result");
    long tookMs = (System.nanoTime() - started) / 1_000_000;

    assertThat(result.path("timedOut").asBoolean()).isTrue();
    assertThat(result.path("exitCode").isNull()).isTrue();
    assertThat(tookMs).isLessThan(5_000);
    List<Long> processes = Files.readAllLines(pids).stream().map(Long::parseLong).toList();
    assertThat(processes).hasSize(2);
    for (long pid : processes) {
      assertThat(isRunning(pid)).as("process %d still running", pid).isFalse();
    }
  }

  @Test
  void execOutputIsCappedAtExactlyMaxOutputBytesPerStream() {
    ObjectNode params = params()
        .put("command", "head -c 100000 /dev/zero | tr '\\0' a; head -c 5000 /dev/zero | tr '\\0' b >&2")
        .put("maxOutputBytes", 1000);

    JsonNode result = call("exec", params).path("result");

    assertThat(result.path("stdout").asText()).hasSize(1000).matches("a{1000}");
    assertThat(result.path("stderr").asText()).matches("b{1000}");
    assertThat(result.path("truncated").asBoolean()).isTrue();
    assertThat(result.path("exitCode").asInt()).isZero();
  }

  @Test
  void execOutputCutInsideAMultibyteCharacterEndsOnTheCharacterBefore() {
    // "é" is 2 bytes, "€" 3 and "😀" 4: a cap of 51, 50 and 49 bytes falls inside a character each time.
    String twoByte = call("exec", params().put("command", "for i in $(seq 40); do printf 'é'; done")
        .put("maxOutputBytes", 51)).path("result").path("stdout").asText();
    String threeByte = call("exec", params().put("command", "for i in $(seq 40); do printf '€'; done")
        .put("maxOutputBytes", 50)).path("result").path("stdout").asText();
    String fourByte = call("exec", params().put("command", "for i in $(seq 40); do printf '😀'; done")
        .put("maxOutputBytes", 49)).path("result").path("stdout").asText();

    assertThat(twoByte).isEqualTo("é".repeat(25));
    assertThat(twoByte.getBytes(StandardCharsets.UTF_8)).hasSize(50);
    assertThat(threeByte).isEqualTo("€".repeat(16));
    assertThat(fourByte).isEqualTo("😀".repeat(12));
  }

  @Test
  void aRepeatedRequestIdRunsOnceAndEveryRepeatGetsTheSameAnswer() throws Exception {
    Path counter = dir.resolve("runs");
    ObjectNode params = params().put("command", "echo run >> " + counter + "; sleep 1; wc -l < " + counter);

    // The second copy arrives while the first still runs; the third after it finished.
    cp.sendRequest("dup-1", "exec", params);
    cp.sendRequest("dup-1", "exec", params);
    List<JsonNode> firstTwo = cp.awaitCount(f -> f.path("id").asText().equals("dup-1"), 2, WAIT);
    cp.sendRequest("dup-1", "exec", params);
    List<JsonNode> all = cp.awaitCount(f -> f.path("id").asText().equals("dup-1"), 3, WAIT);

    assertThat(Files.readAllLines(counter)).containsExactly("run");
    assertThat(firstTwo.get(0)).isEqualTo(firstTwo.get(1));
    assertThat(all.get(2)).isEqualTo(all.get(0));
    assertThat(all.get(0).path("result").path("stdout").asText().strip()).isEqualTo("1");
  }

  @Test
  void readFileReturnsTheRequestedLinesAndTheTotal() throws Exception {
    Files.writeString(dir.resolve("five.txt"), "one\ntwo\nthree\nfour\nfive\n");

    JsonNode range = call("read_file", params().put("path", "five.txt").put("startLine", 2).put("endLine", 3));
    JsonNode all = call("read_file", params().put("path", dir.resolve("five.txt").toString()));
    JsonNode missing = call("read_file", params().put("path", "nope.txt"));

    assertThat(range.path("result").path("content").asText()).isEqualTo("two\nthree\n");
    assertThat(range.path("result").path("totalLines").asInt()).isEqualTo(5);
    assertThat(all.path("result").path("content").asText()).isEqualTo("one\ntwo\nthree\nfour\nfive\n");
    assertThat(missing.path("error").path("code").asText()).isEqualTo("not_found");
  }

  @Test
  void writeFileCreatesDirectoriesOnlyWhenAsked() throws Exception {
    JsonNode refused = call("write_file", params().put("path", "new/dir/a.txt").put("content", "x"));
    JsonNode written = call("write_file",
        params().put("path", "new/dir/a.txt").put("content", "héllo\n").put("createDirs", true));

    assertThat(refused.path("error").path("code").asText()).isEqualTo("not_found");
    assertThat(written.path("result").path("bytes").asInt()).isEqualTo(7);
    assertThat(Files.readString(dir.resolve("new/dir/a.txt"))).isEqualTo("héllo\n");
  }

  @Test
  void editFileReplacesTheExactTextKeepsTheModeAndReturnsAUnifiedDiff() throws Exception {
    Path file = dir.resolve("run.sh");
    Files.writeString(file, "#!/bin/sh\nset -e\necho old\nexit 0\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-x---"));

    JsonNode result = call("edit_file", params().put("path", "run.sh").put("oldText", "echo old")
        .put("newText", "echo new\necho more")).path("result");

    assertThat(Files.readString(file)).isEqualTo("#!/bin/sh\nset -e\necho new\necho more\nexit 0\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rwxr-x---");
    assertThat(result.path("replacements").asInt()).isEqualTo(1);
    assertThat(result.path("diff").asText()).isEqualTo("""
        --- a/run.sh
        +++ b/run.sh
        @@ -1,4 +1,5 @@
         #!/bin/sh
         set -e
        -echo old
        +echo new
        +echo more
         exit 0
        """);
    try (var leftovers = Files.list(dir)) {
      assertThat(leftovers.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("kubicle-tmp"));
    }
  }

  @Test
  void editFileRefusesMissingAndAmbiguousTextAndLeavesTheFileAlone() throws Exception {
    Path file = dir.resolve("twice.txt");
    Files.writeString(file, "x = 1\nx = 1\n");

    JsonNode noMatch = call("edit_file", params().put("path", "twice.txt").put("oldText", "y = 1").put("newText", "z"));
    JsonNode ambiguous = call("edit_file", params().put("path", "twice.txt").put("oldText", "x = 1").put("newText", "z"));
    String untouched = Files.readString(file);
    JsonNode all = call("edit_file", params().put("path", "twice.txt").put("oldText", "x = 1").put("newText", "x = 2")
        .put("replaceAll", true));

    assertThat(noMatch.path("error").path("code").asText()).isEqualTo("no_match");
    assertThat(ambiguous.path("error").path("code").asText()).isEqualTo("ambiguous_match");
    assertThat(ambiguous.path("error").path("message").asText()).contains("2 times");
    assertThat(untouched).isEqualTo("x = 1\nx = 1\n");
    assertThat(all.path("result").path("replacements").asInt()).isEqualTo(2);
    assertThat(Files.readString(file)).isEqualTo("x = 2\nx = 2\n");
  }

  @Test
  void concurrentReadersNeverSeeAHalfWrittenFileWhileItIsEdited() throws Exception {
    Path file = dir.resolve("big.txt");
    String body = "line of filler text that makes the file big enough to be written in several chunks\n".repeat(20_000);
    String versionA = "version=A\n" + body;
    String versionB = "version=B\n" + body;
    Files.writeString(file, versionA);
    Set<String> seen = ConcurrentHashMap.newKeySet();
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger reads = new AtomicInteger();
    Thread reader = new Thread(() -> {
      while (!stop.get()) {
        try {
          String content = Files.readString(file);
          seen.add(content.equals(versionA) ? "A" : content.equals(versionB) ? "B" : "torn:" + content.length());
          reads.incrementAndGet();
        } catch (NoSuchFileException e) {
          seen.add("missing");
        } catch (IOException e) {
          seen.add("error:" + e);
        }
      }
    });
    reader.start();
    try {
      for (int i = 0; i < 10; i++) {
        String from = i % 2 == 0 ? "version=A" : "version=B";
        String to = i % 2 == 0 ? "version=B" : "version=A";
        JsonNode answer = call("edit_file", params().put("path", "big.txt").put("oldText", from).put("newText", to));
        assertThat(answer.has("result")).as(answer.toString()).isTrue();
      }
    } finally {
      stop.set(true);
      reader.join(5_000);
    }

    assertThat(reads.get()).isGreaterThan(10);
    assertThat(seen).isSubsetOf("A", "B");
  }

  @Test
  void ptyOpenRunsTheCommandOnARealTerminalAndStreamsItsOutputAndExit() {
    JsonNode opened = call("pty_open", params().put("ptyId", "term-1").put("command", "tty; stty size")
        .put("cols", 100).put("rows", 30));

    JsonNode exit = cp.await("pty_exit", f -> f.path("ptyId").asText().equals("term-1"), WAIT);
    StringBuilder output = new StringBuilder();
    cp.frames("pty_output").stream().filter(f -> f.path("ptyId").asText().equals("term-1"))
        .forEach(f -> output.append(new String(Base64.getDecoder().decode(f.path("data").asText()),
            StandardCharsets.UTF_8)));

    assertThat(opened.has("result")).as(opened.toString()).isTrue();
    assertThat(exit.path("exitCode").asInt()).isZero();
    assertThat(output.toString()).contains("/dev/pts/").contains("30 100");
  }

  @Test
  void ptyInputReachesTheShellAndAnOpenTerminalCountsInStats() {
    call("pty_open", params().put("ptyId", "term-2").put("command", "read line; echo got:$line"));
    cp.await("stats", f -> f.path("sessions").path("terminal").asInt() == 1, WAIT);

    JsonNode input = call("pty_input", params().put("ptyId", "term-2")
        .put("data", Base64.getEncoder().encodeToString("hello\n".getBytes(StandardCharsets.UTF_8))));
    cp.await("pty_exit", f -> f.path("ptyId").asText().equals("term-2"), WAIT);

    assertThat(input.has("result")).isTrue();
    List<String> chunks = new ArrayList<>();
    cp.frames("pty_output").stream().filter(f -> f.path("ptyId").asText().equals("term-2"))
        .forEach(f -> chunks.add(new String(Base64.getDecoder().decode(f.path("data").asText()), StandardCharsets.UTF_8)));
    assertThat(String.join("", chunks)).contains("got:hello");
    JsonNode closeUnknown = call("pty_close", params().put("ptyId", "term-2"));
    assertThat(closeUnknown.path("error").path("code").asText()).isEqualTo("not_found");
  }

  @Test
  void metadataCommandsReportTheirValueOrErrorAtTheirInterval() {
    List<JsonNode> greetings = cp.awaitCount(f -> f.path("type").asText().equals("metadata")
        && f.path("key").asText().equals("greeting"), 2, WAIT);
    JsonNode broken = cp.await("metadata", f -> f.path("key").asText().equals("broken"), WAIT);

    assertThat(greetings.get(0).path("value").asText()).isEqualTo("hi from-manifest");
    assertThat(greetings.get(0).has("error")).isFalse();
    assertThat(greetings.get(0).path("collectedAt").asText()).isNotBlank();
    assertThat(broken.path("value").asText()).isEqualTo("partial");
    assertThat(broken.path("error").asText()).isEqualTo("no such tool");
  }

  @Test
  void anUnknownMethodIsAnsweredWithUnknownMethod() {
    JsonNode answer = call("format_disk", params());

    assertThat(answer.path("error").path("code").asText()).isEqualTo("unknown_method");
  }

  /** Alive and not a zombie waiting for a reaper (tests may run as PID 1's children in a container). */
  private static boolean isRunning(long pid) throws IOException {
    Path stat = Path.of("/proc", Long.toString(pid), "stat");
    if (!Files.exists(stat)) {
      return false;
    }
    try {
      String content = Files.readString(stat);
      char state = content.charAt(content.lastIndexOf(')') + 2);
      return state != 'Z' && state != 'X';
    } catch (NoSuchFileException e) {
      return false;
    }
  }
}
