package dev.kubicle.operator.task;

import static dev.kubicle.operator.support.ScriptedModelServer.error;
import static dev.kubicle.operator.support.ScriptedModelServer.fixture;
import static dev.kubicle.operator.support.ScriptedModelServer.sse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubicle.operator.support.ScriptedModelServer;
import dev.kubicle.operator.task.llm.ConversationMessage;
import dev.kubicle.operator.task.llm.ModelCallException;
import dev.kubicle.operator.task.llm.ModelClient;
import dev.kubicle.operator.task.llm.ModelReply;
import dev.kubicle.operator.task.llm.ModelRequest;
import dev.kubicle.operator.task.llm.TokenCounts;
import dev.kubicle.operator.task.llm.ToolCall;
import dev.kubicle.operator.task.llm.ToolResult;
import dev.kubicle.operator.task.model.ModelPrices;
import dev.kubicle.operator.task.model.ModelSettings;
import dev.kubicle.operator.task.model.ProviderSettings;
import dev.kubicle.operator.task.model.ProviderType;
import dev.kubicle.operator.task.model.SecretKeyRef;
import dev.kubicle.operator.kube.Json;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Both wire formats against the scripted model server, quirk by quirk (fixtures in src/test/resources/task). */
class ModelClientTest {
  private static final String KEY = "sk-test-key-not-real";
  private final ScriptedModelServer server = ScriptedModelServer.start();
  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  private final ModelClient client = new ModelClient(executor);

  @AfterEach
  void stop() {
    client.close();
    executor.shutdownNow();
    server.close();
  }

  @Test
  void anthropicStreamJoinsToolArgumentsSplitAcrossChunksAndCountsUsageByKind() throws Exception {
    server.then(sse(fixture("anthropic/tool_use_split_args.sse")));

    ModelReply reply = call(ProviderType.ANTHROPIC, 4);

    assertThat(reply.text()).isEqualTo("Let me run the tests.");
    assertThat(reply.toolCalls()).containsExactly(new ToolCall("toolu_01A", "execute",
        Json.mapper().readTree("{\"command\":\"sh test.sh\"}"), null));
    assertThat(reply.stopReason()).isEqualTo("tool_use");
    assertThat(reply.usage()).isEqualTo(new TokenCounts(472, 89, 2048, 120));
    var request = server.requests().get(0);
    assertThat(request.path()).isEqualTo("/v1/messages");
    assertThat(request.header("x-api-key")).isEqualTo(KEY);
    assertThat(request.header("anthropic-version")).isEqualTo("2023-06-01");
    assertThat(request.body().path("stream").asBoolean()).isTrue();
    assertThat(request.body().path("max_tokens").asInt()).isEqualTo(1024);
    assertThat(request.body().path("metadata").path("user_id").asText()).startsWith("kubicle-")
        .doesNotContain("alice");
    assertThat(request.rawBody()).doesNotContain(KEY);
  }

  @Test
  void anthropicToolResultsComeFirstInTheirUserMessageWithErrorsFlagged() throws Exception {
    server.then(sse(fixture("anthropic/text_end_turn.sse")));
    List<ConversationMessage> history = List.of(ConversationMessage.user("fix it"),
        ConversationMessage.assistant("", List.of(new ToolCall("toolu_1", "execute",
            Json.mapper().readTree("{\"command\":\"false\"}"), null)), TokenCounts.ZERO),
        ConversationMessage.toolResults(List.of(new ToolResult("toolu_1", "not_found: no such file", true))));

    client.call(request(ProviderType.ANTHROPIC, 1, history)).get(20, TimeUnit.SECONDS);

    var messages = server.requests().get(0).body().path("messages");
    assertThat(messages.get(1).path("content").get(0).path("type").asText()).isEqualTo("tool_use");
    var result = messages.get(2).path("content").get(0);
    assertThat(messages.get(2).path("role").asText()).isEqualTo("user");
    assertThat(result.path("type").asText()).isEqualTo("tool_result");
    assertThat(result.path("tool_use_id").asText()).isEqualTo("toolu_1");
    assertThat(result.path("is_error").asBoolean()).isTrue();
  }

  @Test
  void anthropicParallelToolCallsKeepTheirOrderAndArguments() throws Exception {
    server.then(sse(fixture("anthropic/parallel_tool_use.sse")));

    ModelReply reply = call(ProviderType.ANTHROPIC, 1);

    assertThat(reply.toolCalls()).extracting(ToolCall::id).containsExactly("toolu_P1", "toolu_P2");
    assertThat(reply.toolCalls()).extracting(c -> c.input().path("path").asText()).containsExactly("a.txt", "b.txt");
  }

  @Test
  void rateLimitWithRetryAfterIsRetriedAndTheAttemptsCounted() throws Exception {
    server.then(error(429, "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}",
        Map.of("retry-after", "0")), sse(fixture("anthropic/text_end_turn.sse")));

    ModelReply reply = call(ProviderType.ANTHROPIC, 4);

    assertThat(reply.text()).isEqualTo("All done.");
    assertThat(reply.attempts()).isEqualTo(2);
    assertThat(server.requests()).hasSize(2);
  }

  @Test
  void overloadedAnswersAndOverloadedStreamsAreRetried() throws Exception {
    server.then(error(529, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}",
        Map.of()), sse(fixture("anthropic/overloaded_midstream.sse")), sse(fixture("anthropic/text_end_turn.sse")));

    ModelReply reply = call(ProviderType.ANTHROPIC, 4);

    assertThat(reply.attempts()).isEqualTo(3);
    assertThat(reply.usage()).isEqualTo(new TokenCounts(10, 5, 0, 0)); // only the answer that counted
  }

  @Test
  void retriesAreBoundedAndTheLastFailureIsReported() {
    server.then(error(529, "{\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}", Map.of()),
        error(529, "{\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}", Map.of()),
        error(529, "{\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}", Map.of()));

    assertThatThrownBy(() -> call(ProviderType.ANTHROPIC, 3)).cause().isInstanceOf(ModelCallException.class)
        .hasMessageContaining("HTTP 529 overloaded_error: Overloaded").hasMessageContaining("after 3 attempts");
    assertThat(server.requests()).hasSize(3);
  }

  @Test
  void aRetryAfterLongerThanWeWaitFailsAtOnce() {
    server.then(error(429, "{\"error\":{\"type\":\"rate_limit_error\",\"message\":\"quota\"}}",
        Map.of("retry-after", "3600")));

    assertThatThrownBy(() -> call(ProviderType.ANTHROPIC, 4)).cause()
        .hasMessageContaining("retry after 3600 s, longer than maxRetryWait 60 s");
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void aMidStreamErrorThatIsNotTransientFailsWithoutRetry() {
    server.then(sse(fixture("anthropic/invalid_request_midstream.sse")));

    assertThatThrownBy(() -> call(ProviderType.ANTHROPIC, 4)).cause()
        .hasMessageContaining("invalid_request_error: messages: tool_result block(s) must come first");
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void aTruncatedAnthropicStreamIsAClearErrorAndYieldsNoToolCall() {
    server.then(sse(fixture("anthropic/truncated_tool_use.sse")), sse(fixture("anthropic/truncated_tool_use.sse")));

    assertThatThrownBy(() -> call(ProviderType.ANTHROPIC, 2)).cause()
        .hasMessageContaining("ended before message_stop")
        .hasMessageContaining("the last tool call (execute) was cut off and is not run");
    assertThat(server.requests()).hasSize(2);
  }

  @Test
  void aBadRequestIsNotRetriedAndNamesTheProvidersMessage() {
    server.then(error(400, "{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"model: unknown\"}}",
        Map.of()));

    assertThatThrownBy(() -> call(ProviderType.OPENAI, 4)).cause()
        .hasMessageContaining("OpenAI answered HTTP 400 invalid_request_error: model: unknown");
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  void openAiStreamJoinsArgumentsByIndexAndReadsTheUsageOnlyLastChunk() throws Exception {
    server.then(sse(fixture("openai/tool_call_split_args_usage_chunk.sse")));

    ModelReply reply = call(ProviderType.OPENAI, 1);

    assertThat(reply.toolCalls()).containsExactly(new ToolCall("call_abc", "edit_file", Json.mapper().readTree(
        "{\"path\":\"calc.sh\",\"old_text\":\"a - b\",\"new_text\":\"a + b\"}"), null));
    // Cached prompt tokens are cache reads, not input: the kinds never overlap.
    assertThat(reply.usage()).isEqualTo(new TokenCounts(476, 42, 1024, 0));
    var request = server.requests().get(0);
    assertThat(request.path()).isEqualTo("/v1/chat/completions");
    assertThat(request.header("authorization")).isEqualTo("Bearer " + KEY);
    assertThat(request.body().path("stream_options").path("include_usage").asBoolean()).isTrue();
    assertThat(request.body().path("max_completion_tokens").asInt()).isEqualTo(1024);
    assertThat(request.body().path("user").asText()).startsWith("kubicle-");
  }

  @Test
  void openAiParallelCallsWithoutIdsAndNullChoicesAreRead() throws Exception {
    server.then(sse(fixture("openai/parallel_missing_ids_null_choices.sse")));

    ModelReply reply = call(ProviderType.OPENAI_COMPATIBLE, 1);

    assertThat(reply.text()).isEqualTo("Reading both.");
    assertThat(reply.toolCalls()).extracting(ToolCall::id).containsExactly(null, null); // the loop names them
    assertThat(reply.toolCalls()).extracting(c -> c.input().path("path").asText()).containsExactly("a.txt", "b.txt");
    assertThat(reply.usage()).isEqualTo(new TokenCounts(300, 30, 0, 0));
    var request = server.requests().get(0);
    assertThat(request.header("authorization")).as("a compatible server without a key gets none").isNull();
    assertThat(request.body().path("max_tokens").asInt()).isEqualTo(1024);
  }

  @Test
  void openAiCompatibleArgumentsAsAnObjectAndAMissingDoneAreAccepted() throws Exception {
    server.then(sse(fixture("openai/arguments_as_object_no_done.sse")));

    ModelReply reply = call(ProviderType.OPENAI_COMPATIBLE, 1);

    assertThat(reply.toolCalls().get(0).input().path("command").asText()).isEqualTo("ls -la");
    assertThat(reply.usage()).isEqualTo(new TokenCounts(50, 12, 0, 0));
  }

  @Test
  void aTruncatedOpenAiStreamIsAClearErrorAndYieldsNoToolCall() {
    server.then(sse(fixture("openai/truncated_arguments.sse")));

    assertThatThrownBy(() -> call(ProviderType.OPENAI, 1)).cause()
        .hasMessageContaining("ended before it finished")
        .hasMessageContaining("the last tool call (execute) was cut off and is not run");
  }

  @Test
  void anOpenAiMidStreamServerErrorIsRetried() throws Exception {
    server.then(sse(fixture("openai/midstream_error.sse")), sse(fixture("openai/tool_call_split_args_usage_chunk.sse")));

    ModelReply reply = call(ProviderType.OPENAI, 2);

    assertThat(reply.attempts()).isEqualTo(2);
    assertThat(reply.text()).isEmpty(); // the failed attempt's "Hm" is not kept
  }

  @Test
  void openAiToolResultsGoBackAsToolMessagesWithErrorsSpelledOut() throws Exception {
    server.then(sse(fixture("openai/tool_call_split_args_usage_chunk.sse")));
    List<ConversationMessage> history = List.of(ConversationMessage.user("fix it"),
        ConversationMessage.assistant(null, List.of(new ToolCall("kubicle_1_0", "read_file",
            Json.mapper().readTree("{\"path\":\"x\"}"), null)), TokenCounts.ZERO),
        ConversationMessage.toolResults(List.of(new ToolResult("kubicle_1_0", "not_found: x", true))));

    client.call(request(ProviderType.OPENAI, 1, history)).get(20, TimeUnit.SECONDS);

    var messages = server.requests().get(0).body().path("messages");
    assertThat(messages.get(0).path("role").asText()).isEqualTo("system");
    assertThat(messages.get(2).path("tool_calls").get(0).path("function").path("arguments").asText())
        .isEqualTo("{\"path\":\"x\"}");
    assertThat(messages.get(3).path("role").asText()).isEqualTo("tool");
    assertThat(messages.get(3).path("tool_call_id").asText()).isEqualTo("kubicle_1_0");
    assertThat(messages.get(3).path("content").asText()).isEqualTo("ERROR: not_found: x");
  }

  @Test
  void cancellingACallAbortsItWhileTheModelIsSilent() {
    java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
    server.then(sse(fixture("anthropic/text_end_turn.sse")).held(never));
    var call = client.call(request(ProviderType.ANTHROPIC, 1, List.of(ConversationMessage.user("hi"))));
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> server.requests().size() == 1);

    call.cancel(true);

    assertThat(call).isCancelled();
    never.countDown();
  }

  private ModelReply call(ProviderType type, int attempts) throws Exception {
    try {
      return client.call(request(type, attempts, List.of(ConversationMessage.user("fix the test"))))
          .get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e;
    }
  }

  private ModelRequest request(ProviderType type, int attempts, List<ConversationMessage> messages) {
    String base = type == ProviderType.ANTHROPIC ? server.baseUrl() : server.openAiBaseUrl();
    SecretKeyRef ref = type == ProviderType.OPENAI_COMPATIBLE ? null : new SecretKeyRef("keys", "k");
    ProviderSettings provider = new ProviderSettings("p", type, base, ref, attempts, Duration.ofMillis(10),
        Duration.ofSeconds(60), Duration.ofSeconds(30));
    ModelSettings model = new ModelSettings("m", provider, "wire-model", 200_000, 1024,
        new ModelPrices(3_000_000, 15_000_000, 300_000, 3_750_000));
    return new ModelRequest(model, ref == null ? null : KEY, "system prompt", messages,
        ToolDefinitions.offered(List.of()), dev.kubicle.operator.task.llm.UserIds.opaque("alice"));
  }
}
