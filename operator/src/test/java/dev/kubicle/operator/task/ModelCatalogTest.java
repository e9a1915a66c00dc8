package dev.kubicle.operator.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.kubicle.operator.task.llm.TokenCounts;
import dev.kubicle.operator.task.model.ModelCatalog;
import dev.kubicle.operator.task.model.ModelCatalogParser;
import dev.kubicle.operator.task.model.ModelConfigException;
import dev.kubicle.operator.task.model.ModelPrices;
import dev.kubicle.operator.task.model.ModelSettings;
import dev.kubicle.operator.task.model.ProviderType;
import dev.kubicle.operator.task.model.SecretKeyRef;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The admin's model configuration: what it accepts, every error naming its field, and exact cost arithmetic. */
class ModelCatalogTest {
  private static final String VALID = """
      defaultModel: sonnet
      providers:
        - name: anthropic
          type: anthropic
          apiKeySecret: {name: model-keys, key: anthropic}
        - name: openai
          type: openai
          apiKeySecret: {name: model-keys, key: openai}
          maxAttempts: 6
          initialBackoff: 500ms
        - name: vllm
          type: openai-compatible
          baseUrl: http://vllm.ml.svc:8000/v1
      models:
        - id: sonnet
          provider: anthropic
          model: claude-sonnet-4-5
          contextLimit: 200000
          maxOutputTokens: 8192
          prices: {input: "3", output: "15", cacheRead: "0.30", cacheWrite: "3.75"}
        - id: mini
          provider: openai
          model: gpt-4.1-mini
          prices: {input: 0.4, output: "1.6"}
        - id: qwen
          provider: vllm
      """;

  @Test
  void aValidConfigurationResolvesModelsProvidersAndDefaults() {
    ModelCatalog catalog = ModelCatalogParser.parse(VALID, "test");

    ModelSettings sonnet = catalog.resolve(null);
    assertThat(sonnet.id()).isEqualTo("sonnet");
    assertThat(sonnet.wireModel()).isEqualTo("claude-sonnet-4-5");
    assertThat(sonnet.provider().endpoint()).isEqualTo("https://api.anthropic.com/v1/messages");
    assertThat(sonnet.provider().apiKey()).isEqualTo(new SecretKeyRef("model-keys", "anthropic"));
    assertThat(sonnet.prices()).isEqualTo(new ModelPrices(3_000_000, 15_000_000, 300_000, 3_750_000));
    ModelSettings mini = catalog.resolve("mini");
    assertThat(mini.provider().endpoint()).isEqualTo("https://api.openai.com/v1/chat/completions");
    assertThat(mini.provider().maxAttempts()).isEqualTo(6);
    assertThat(mini.provider().initialBackoff()).isEqualTo(Duration.ofMillis(500));
    assertThat(mini.prices().cacheReadMicrosPerMillion()).as("unpriced cache reads cost what input costs")
        .isEqualTo(400_000);
    ModelSettings qwen = catalog.resolve("qwen");
    assertThat(qwen.provider().type()).isEqualTo(ProviderType.OPENAI_COMPATIBLE);
    assertThat(qwen.provider().apiKey()).isNull();
    assertThat(qwen.provider().endpoint()).isEqualTo("http://vllm.ml.svc:8000/v1/chat/completions");
    assertThat(qwen.wireModel()).isEqualTo("qwen");
    assertThat(qwen.prices()).isNull();
  }

  @Test
  void costIsExactIntegerMicroDollarsAndAbsentForAnUnpricedModel() {
    ModelCatalog catalog = ModelCatalogParser.parse(VALID, "test");
    TokenCounts usage = new TokenCounts(5000, 500, 2000, 1000);

    // 5000×3 + 500×15 + 2000×0.30 + 1000×3.75 = 15000 + 7500 + 600 + 3750 micro-dollars
    assertThat(catalog.resolve("sonnet").costMicros(usage)).isEqualTo(26_850L);
    // 7 input tokens at $0.40/M = 2.8 micro-dollars: rounded once, half up
    assertThat(catalog.resolve("mini").costMicros(new TokenCounts(7, 0, 0, 0))).isEqualTo(3L);
    assertThat(catalog.resolve("qwen").costMicros(usage)).isNull();
  }

  @Test
  void aKeyWrittenInPlainConfigurationIsRefusedWithItsField() {
    String plain = VALID.replace("apiKeySecret: {name: model-keys, key: openai}", "apiKey: sk-live-123");

    assertThatThrownBy(() -> ModelCatalogParser.parse(plain, "ConfigMap kubicle-system/kubicle-models"))
        .isInstanceOf(ModelConfigException.class)
        .hasMessageContaining("ConfigMap kubicle-system/kubicle-models")
        .hasMessageContaining("providers[1].apiKey keys are never written in the configuration")
        .hasMessageNotContaining("sk-live-123");
  }

  @Test
  void everyProblemIsNamedByItsField() {
    String bad = """
        defaultModel: nope
        providers:
          - name: a
            type: gemini
          - name: b
            type: openai-compatible
          - name: c
            type: anthropic
            baseUrl: ftp://x
        models:
          - id: m
            provider: missing
            contextLimit: -5
            prices: {input: "1.0000001", output: abc, cacheHit: 1}
          - id: n
            provider: c
            prices: {output: "2"}
            temperature: 0.2
        """;

    assertThatThrownBy(() -> ModelCatalogParser.parse(bad, "test")).message()
        .contains("providers[0].type unknown type \"gemini\": use one of anthropic, openai, openai-compatible")
        .contains("providers[1].baseUrl is required for type openai-compatible")
        .contains("providers[2].baseUrl \"ftp://x\" must be an http:// or https:// URL")
        .contains("providers[2].apiKeySecret is required for type anthropic")
        .contains("models[0].provider no provider is named \"missing\"")
        .contains("models[0].contextLimit must be a whole number")
        .contains("models[0].prices.input \"1.0000001\" has more than 6 decimal places")
        .contains("models[0].prices.output \"abc\" is not a decimal number")
        .contains("models[0].prices.cacheHit unknown field")
        .contains("models[1].prices.input is required")
        .contains("models[1].temperature unknown field")
        .contains("defaultModel \"nope\" is not one of the models: n");
  }

  @Test
  void anUnknownModelNamesTheChoices() {
    ModelCatalog catalog = ModelCatalogParser.parse(VALID, "test");

    assertThatThrownBy(() -> catalog.resolve("gpt-9")).hasMessageContaining("model \"gpt-9\" is not configured")
        .hasMessageContaining("sonnet");
  }
}
