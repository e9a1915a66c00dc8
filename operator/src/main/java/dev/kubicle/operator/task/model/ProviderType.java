package dev.kubicle.operator.task.model;

import java.util.Arrays;
import java.util.Optional;

/** The wire formats Kubicle speaks to model providers, with each one's name in the configuration. */
public enum ProviderType {
  /** Anthropic's Messages API ({base}/v1/messages); base defaults to https://api.anthropic.com. */
  ANTHROPIC("anthropic", "https://api.anthropic.com", true),
  /** OpenAI's Chat Completions ({base}/chat/completions); base defaults to https://api.openai.com/v1. */
  OPENAI("openai", "https://api.openai.com/v1", true),
  /** Any server speaking Chat Completions (vLLM, Ollama, llama.cpp): base URL required, key optional. */
  OPENAI_COMPATIBLE("openai-compatible", null, false);

  private final String configName;
  private final String defaultBaseUrl;
  private final boolean keyRequired;

  ProviderType(String configName, String defaultBaseUrl, boolean keyRequired) {
    this.configName = configName;
    this.defaultBaseUrl = defaultBaseUrl;
    this.keyRequired = keyRequired;
  }

  public String configName() {
    return configName;
  }

  /** The base URL when the configuration names none; null when one is required. */
  public String defaultBaseUrl() {
    return defaultBaseUrl;
  }

  public boolean keyRequired() {
    return keyRequired;
  }

  /** Whether requests go out in Anthropic's format (else Chat Completions). */
  public boolean anthropicWire() {
    return this == ANTHROPIC;
  }

  public static Optional<ProviderType> byConfigName(String name) {
    return Arrays.stream(values()).filter(t -> t.configName.equals(name)).findFirst();
  }

  public static String names() {
    return String.join(", ", Arrays.stream(values()).map(ProviderType::configName).toList());
  }
}
