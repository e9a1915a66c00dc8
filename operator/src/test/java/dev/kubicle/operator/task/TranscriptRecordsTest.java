package dev.kubicle.operator.task;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubicle.operator.store.TranscriptEntry;
import dev.kubicle.operator.store.jdbc.JdbcStore;
import dev.kubicle.operator.store.jdbc.StoreSettings;
import dev.kubicle.operator.task.llm.ConversationMessage;
import dev.kubicle.operator.task.llm.TokenCounts;
import dev.kubicle.operator.task.llm.ToolCall;
import dev.kubicle.operator.task.llm.ToolResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store-backed task recorder on a real SQLite store: the conversation comes back exactly as recorded, caps cut
 * with markers and never cut tool calls, and tool-call arguments in the records hold no secrets.
 */
class TranscriptRecordsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TaskIdentity TASK = new TaskIdentity("team-a", "fix", "uid-1", "alice", "dev");

  @TempDir
  Path dir;
  private JdbcStore store;

  @BeforeEach
  void open() {
    store = JdbcStore.open(StoreSettings.sqlite(dir.resolve("kubicle.db"), 30));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static ToolCall call(String id, String name, String json) throws Exception {
    return new ToolCall(id, name, JSON.readTree(json), null);
  }

  private static List<ConversationMessage> conversation() throws Exception {
    return List.of(
        ConversationMessage.user("Fix the test. Quotes \" and ünïcödé, a NUL \0 and a tab\t."),
        ConversationMessage.assistant("Looking.", List.of(
            call("toolu_1", "read_file", "{\"path\":\"src/A.java\",\"start_line\":1}"),
            call("toolu_2", "write_file", "{\"path\":\"B.java\",\"content\":\"class B {}\\n\"}"),
            new ToolCall("kubicle_1_2", "execute", JSON.createObjectNode(), "not JSON: {")),
            new TokenCounts(100, 20, 5, 1)),
        ConversationMessage.toolResults(List.of(new ToolResult("toolu_1", "1\tclass A {}", false),
            new ToolResult("toolu_2", "wrote 11 bytes", false), new ToolResult("kubicle_1_2", "bad args", true))),
        ConversationMessage.assistant("Done.", List.of(), new TokenCounts(150, 5, 0, 0)));
  }

  @Test
  void theRecordedConversationComesBackExactlyAsTheLoopWroteIt() throws Exception {
    StoreTaskRecorder recorder = new StoreTaskRecorder(store.taskRecords(), Clock.systemUTC());
    List<ConversationMessage> messages = conversation();
    for (int i = 0; i < messages.size(); i++) {
      recorder.message(TASK, i, messages.get(i));
    }

    assertThat(recorder.conversation(TASK)).contains(messages);
    assertThat(recorder.conversation(new TaskIdentity("team-a", "fix", "other-uid", "alice", "dev")))
        .as("a re-created task of the same name starts empty").isEmpty();
  }

  @Test
  void aLongResultIsCutWithAMarkerWhileItsToolCallsStayWholeAndTheTaskCanStillResume() throws Exception {
    StoreTaskRecorder recorder = new StoreTaskRecorder(store.taskRecords(), Clock.systemUTC(), 4096, 1 << 20);
    String big = "é".repeat(10_000);
    recorder.message(TASK, 0, ConversationMessage.user("go"));
    recorder.message(TASK, 1, ConversationMessage.assistant(null, List.of(call("t1", "execute",
        "{\"command\":\"cat big.txt\"}")), TokenCounts.ZERO));
    recorder.message(TASK, 2, ConversationMessage.toolResults(List.of(new ToolResult("t1", big, false))));

    TranscriptEntry stored = store.taskRecords().transcript("uid-1", 2, 10).get(0);
    List<ConversationMessage> resumed = recorder.conversation(TASK).orElseThrow();

    assertThat(stored.body().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(4096);
    assertThat(stored.cut()).isTrue();
    assertThat(stored.bytes()).isGreaterThan(20_000);
    String content = resumed.get(2).results().get(0).content();
    assertThat(content).startsWith("ééé").contains("[transcript: cut to fit, 20000 bytes, the first");
    assertThat(content).doesNotContain("\uFFFD");
    assertThat(resumed.get(1).toolCalls().get(0).input().path("command").asText()).isEqualTo("cat big.txt");
  }

  @Test
  void toolCallsThatDoNotFitAndMessagesPastTheTaskCapMakeTheTranscriptUnresumable() throws Exception {
    StoreTaskRecorder small = new StoreTaskRecorder(store.taskRecords(), Clock.systemUTC(), 512, 1 << 20);
    small.message(TASK, 0, ConversationMessage.user("go"));
    ObjectNode args = JSON.createObjectNode().put("path", "Big.java").put("content", "x".repeat(5000));
    small.message(TASK, 1, ConversationMessage.assistant(null, List.of(new ToolCall("t1", "write_file", args, null)),
        TokenCounts.ZERO));

    assertThat(small.conversation(TASK)).as("a resumed task would write half a file").isEmpty();
    String body = store.taskRecords().transcript("uid-1", 1, 1).get(0).body();
    assertThat(body).contains("\"name\":\"write_file\"").contains("\"inputOmitted\"").doesNotContain("xxxx");

    TaskIdentity other = new TaskIdentity("team-a", "other", "uid-2", "alice", "dev");
    StoreTaskRecorder capped = new StoreTaskRecorder(store.taskRecords(), Clock.systemUTC(), 4096, 100);
    capped.message(other, 0, ConversationMessage.user("a prompt"));
    capped.message(other, 1, ConversationMessage.assistant("y".repeat(200), List.of(), TokenCounts.ZERO));
    assertThat(store.taskRecords().transcript("uid-2", 0, 10)).extracting(TranscriptEntry::omitted)
        .containsExactly(false, true);
    assertThat(capped.conversation(other)).isEmpty();
  }

  @Test
  void toolCallArgumentsInTheRecordsHoldNoSecrets() throws Exception {
    String args = "{\"command\":\"API_TOKEN=tok-123456 curl -H 'Authorization: Bearer abcdef123456' "
        + "https://bob:hunter2@git.example.com/r.git --password s3cr3t-pw && echo sk-ant-api03-abcdefghijkl\","
        + "\"env\":{\"GITHUB_TOKEN\":\"ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"PLAIN\":\"visible\"},"
        + "\"secret\":{\"nested\":1},\"password\":\"pw\",\"path\":\"keep/me.txt\"}";

    String redacted = Redaction.arguments(call("t1", "execute", args));

    assertThat(redacted).doesNotContain("tok-123456", "abcdef123456", "hunter2", "s3cr3t-pw",
        "sk-ant-api03-abcdefghijkl", "ghp_aaaa", "\"pw\"", "nested");
    assertThat(redacted).contains("API_TOKEN=<redacted>", "Bearer <redacted>", "https://bob:<redacted>@git.example",
        "--password <redacted>", "\"PLAIN\":\"visible\"", "\"path\":\"keep/me.txt\"", "curl");
  }
}
