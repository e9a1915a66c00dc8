package dev.kubicle.operator.task.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.kubicle.api.validation.Durations;
import dev.kubicle.api.validation.InvalidDurationException;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the admin's model configuration (YAML, see docs/tasks.md) strictly: every problem is collected and
 * reported with its field path, unknown fields are typos, and a key written in plain text is refused.
 */
public final class ModelCatalogParser {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final Set<String> TOP = Set.of("defaultModel", "providers", "models");
  private static final Set<String> PROVIDER = Set.of("name", "type", "baseUrl", "apiKeySecret", "maxAttempts",
      "initialBackoff", "maxRetryWait", "idleTimeout");
  private static final Set<String> MODEL = Set.of("id", "provider", "model", "contextLimit", "maxOutputTokens",
      "prices");
  private static final Set<String> PRICES = Set.of("input", "output", "cacheRead", "cacheWrite");
  private static final Set<String> PLAIN_KEYS = Set.of("apiKey", "key", "token", "apiToken", "secret", "password");

  private final String source;
  private final List<String> problems = new ArrayList<>();

  private ModelCatalogParser(String source) {
    this.source = source;
  }

  /**
   * @param source where the text came from, named in errors (e.g. "ConfigMap kubicle-system/kubicle-models")
   * @throws ModelConfigException listing every problem found
   */
  public static ModelCatalog parse(String text, String source) {
    return new ModelCatalogParser(source).read(text);
  }

  private ModelCatalog read(String text) {
    JsonNode root;
    try {
      root = YAML.readTree(text == null ? "" : text);
    } catch (Exception e) {
      throw new ModelConfigException(source + ": not valid YAML: " + String.valueOf(e.getMessage()).lines().findFirst()
          .orElse(""));
    }
    if (root == null || !root.isObject()) {
      throw new ModelConfigException(source + ": expected a mapping with providers, models and defaultModel");
    }
    unknownFields(root, "", TOP);
    Map<String, ProviderSettings> providers = new LinkedHashMap<>();
    JsonNode providerList = root.path("providers");
    if (!providerList.isArray() || providerList.isEmpty()) {
      problem("providers", "is required: a list of at least one provider");
    } else {
      for (int i = 0; i < providerList.size(); i++) {
        ProviderSettings p = provider(providerList.get(i), "providers[" + i + "]");
        if (p != null && providers.putIfAbsent(p.name(), p) != null) {
          problem("providers[" + i + "].name", "\"" + p.name() + "\" is used by an earlier provider");
        }
      }
    }
    Map<String, ModelSettings> models = new LinkedHashMap<>();
    JsonNode modelList = root.path("models");
    if (!modelList.isArray() || modelList.isEmpty()) {
      problem("models", "is required: a list of at least one model");
    } else {
      for (int i = 0; i < modelList.size(); i++) {
        ModelSettings m = model(modelList.get(i), "models[" + i + "]", providers);
        if (m != null && models.putIfAbsent(m.id(), m) != null) {
          problem("models[" + i + "].id", "\"" + m.id() + "\" is used by an earlier model");
        }
      }
    }
    String defaultModel = text(root, "defaultModel", "defaultModel", false);
    if (defaultModel == null && models.size() == 1) {
      defaultModel = models.keySet().iterator().next();
    } else if (defaultModel == null) {
      problem("defaultModel", "is required when more than one model is configured");
    } else if (!models.isEmpty() && !models.containsKey(defaultModel)) {
      problem("defaultModel", "\"" + defaultModel + "\" is not one of the models: " + String.join(", ",
          models.keySet()));
    }
    if (!problems.isEmpty()) {
      throw new ModelConfigException(source + ": " + String.join("; ", problems));
    }
    return new ModelCatalog(Map.copyOf(providers), Map.copyOf(models), defaultModel);
  }

  private ProviderSettings provider(JsonNode node, String path) {
    if (!node.isObject()) {
      problem(path, "must be a mapping");
      return null;
    }
    for (String plain : PLAIN_KEYS) {
      if (node.has(plain)) {
        problem(path + "." + plain, "keys are never written in the configuration: put the key in a Secret in "
            + "the operator's namespace and name it in apiKeySecret {name, key}");
      }
    }
    unknownFields(node, path, PROVIDER);
    String name = text(node, "name", path + ".name", true);
    String typeName = text(node, "type", path + ".type", true);
    ProviderType type = null;
    if (typeName != null) {
      type = ProviderType.byConfigName(typeName).orElse(null);
      if (type == null) {
        problem(path + ".type", "unknown type \"" + typeName + "\": use one of " + ProviderType.names());
      }
    }
    String baseUrl = text(node, "baseUrl", path + ".baseUrl", false);
    if (baseUrl != null) {
      checkUrl(baseUrl, path + ".baseUrl");
    } else if (type != null && type.defaultBaseUrl() == null) {
      problem(path + ".baseUrl", "is required for type " + type.configName() + " (e.g. http://vllm:8000/v1)");
    }
    SecretKeyRef key = secretRef(node.get("apiKeySecret"), path + ".apiKeySecret");
    if (key == null && type != null && type.keyRequired() && !node.has("apiKeySecret")) {
      problem(path + ".apiKeySecret", "is required for type " + type.configName()
          + ": {name: <Secret in the operator's namespace>, key: <key in it>}");
    }
    int attempts = (int) number(node, "maxAttempts", path + ".maxAttempts", ProviderSettings.DEFAULT_MAX_ATTEMPTS,
        1, 10);
    Duration backoff = duration(node, "initialBackoff", path, ProviderSettings.DEFAULT_INITIAL_BACKOFF);
    Duration maxWait = duration(node, "maxRetryWait", path, ProviderSettings.DEFAULT_MAX_RETRY_WAIT);
    Duration idle = duration(node, "idleTimeout", path, ProviderSettings.DEFAULT_IDLE_TIMEOUT);
    if (name == null || type == null) {
      return null;
    }
    return new ProviderSettings(name, type, baseUrl != null ? baseUrl : type.defaultBaseUrl(), key, attempts,
        backoff, maxWait, idle);
  }

  private ModelSettings model(JsonNode node, String path, Map<String, ProviderSettings> providers) {
    if (!node.isObject()) {
      problem(path, "must be a mapping");
      return null;
    }
    unknownFields(node, path, MODEL);
    String id = text(node, "id", path + ".id", true);
    String providerName = text(node, "provider", path + ".provider", true);
    ProviderSettings provider = providerName == null ? null : providers.get(providerName);
    if (providerName != null && provider == null) {
      problem(path + ".provider", "no provider is named \"" + providerName + "\"");
    }
    String wire = text(node, "model", path + ".model", false);
    long context = number(node, "contextLimit", path + ".contextLimit", 128_000, 1, 100_000_000);
    long maxOutput = number(node, "maxOutputTokens", path + ".maxOutputTokens", 4096, 1, 10_000_000);
    ModelPrices prices = prices(node.get("prices"), path + ".prices");
    if (id == null || provider == null) {
      return null;
    }
    return new ModelSettings(id, provider, wire == null ? id : wire, context, (int) maxOutput, prices);
  }

  private ModelPrices prices(JsonNode node, String path) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      problem(path, "must be a mapping of input, output, cacheRead, cacheWrite (USD per million tokens)");
      return null;
    }
    unknownFields(node, path, PRICES);
    Long input = price(node.get("input"), path + ".input", true);
    Long output = price(node.get("output"), path + ".output", true);
    Long cacheRead = price(node.get("cacheRead"), path + ".cacheRead", false);
    Long cacheWrite = price(node.get("cacheWrite"), path + ".cacheWrite", false);
    if (input == null || output == null) {
      return null;
    }
    // Unpriced cache kinds cost what plain input costs: never cheaper than the provider would bill by surprise.
    return new ModelPrices(input, output, cacheRead == null ? input : cacheRead,
        cacheWrite == null ? input : cacheWrite);
  }

  /** USD per million tokens as written ("3", "0.30", 15) to micro-dollars per million, exactly. */
  private Long price(JsonNode node, String path, boolean required) {
    if (node == null || node.isNull()) {
      if (required) {
        problem(path, "is required: USD per million tokens, e.g. \"3.00\"");
      }
      return null;
    }
    if (!node.isTextual() && !node.isNumber()) {
      problem(path, "must be a decimal number of USD per million tokens, e.g. \"3.00\"");
      return null;
    }
    try {
      BigDecimal usd = new BigDecimal(node.asText().strip());
      if (usd.signum() < 0) {
        problem(path, "must not be negative");
        return null;
      }
      return usd.movePointRight(6).longValueExact();
    } catch (NumberFormatException e) {
      problem(path, "\"" + node.asText() + "\" is not a decimal number of USD per million tokens");
    } catch (ArithmeticException e) {
      problem(path, "\"" + node.asText() + "\" has more than 6 decimal places (prices are kept in micro-dollars)");
    }
    return null;
  }

  private SecretKeyRef secretRef(JsonNode node, String path) {
    if (node == null || node.isNull()) {
      return null;
    }
    if (!node.isObject()) {
      problem(path, "must be {name, key}: a Secret in the operator's namespace and the key holding the API key");
      return null;
    }
    unknownFields(node, path, Set.of("name", "key"));
    String name = text(node, "name", path + ".name", true);
    String key = text(node, "key", path + ".key", true);
    return name == null || key == null ? null : new SecretKeyRef(name, key);
  }

  private String text(JsonNode node, String field, String path, boolean required) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      if (required) {
        problem(path, "is required");
      }
      return null;
    }
    if (!value.isTextual() || value.asText().isBlank()) {
      problem(path, "must be a non-empty string");
      return null;
    }
    return value.asText().strip();
  }

  private long number(JsonNode node, String field, String path, long fallback, long min, long max) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return fallback;
    }
    if (!value.canConvertToExactIntegral() || value.asLong() < min || value.asLong() > max) {
      problem(path, "must be a whole number from " + min + " to " + max);
      return fallback;
    }
    return value.asLong();
  }

  private Duration duration(JsonNode node, String field, String path, Duration fallback) {
    String text = text(node, field, path + "." + field, false);
    if (text == null) {
      return fallback;
    }
    try {
      return Durations.parse(path + "." + field, text);
    } catch (InvalidDurationException e) {
      problem(path + "." + field, e.problem().message());
      return fallback;
    }
  }

  private void checkUrl(String url, String path) {
    try {
      URI uri = URI.create(url);
      if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
        problem(path, "\"" + url + "\" must be an http:// or https:// URL with a host");
      }
    } catch (IllegalArgumentException e) {
      problem(path, "\"" + url + "\" is not a URL");
    }
  }

  private void unknownFields(JsonNode node, String path, Set<String> known) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!known.contains(name) && !PLAIN_KEYS.contains(name)) {
        problem(path.isEmpty() ? name : path + "." + name, "unknown field: use " + String.join(", ",
            known.stream().sorted().toList()));
      }
    }
  }

  private void problem(String path, String message) {
    problems.add(path + " " + message);
  }
}
