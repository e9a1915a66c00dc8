package dev.kubicle.operator.terraform;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPInputStream;

/** Parses the kubernetes backend's state Secret (data key {@code tfstate}: gzip of state JSON v4). */
public final class StateSecretReader {
  /** A Secret holds at most 1 MiB, but gzip of repetitive JSON expands a lot; stop well before memory does. */
  static final int MAX_STATE_BYTES = 64 * 1024 * 1024;
  private static final int STATE_FORMAT_VERSION = 4;

  private StateSecretReader() {}

  /** Reads a state Secret as fetched from the API server ({@code data} values are base64). */
  public static TerraformState read(Secret secret) {
    String name = secret.getMetadata() == null
        ? "<unnamed>"
        : secret.getMetadata().getNamespace() + "/" + secret.getMetadata().getName();
    Map<String, String> data = secret.getData();
    String encoded = data == null ? null : data.get(StateSecrets.DATA_KEY);
    if (encoded == null) {
      throw new StateSecretException(name, "it has no data key " + StateSecrets.DATA_KEY);
    }
    byte[] gzipped;
    try {
      gzipped = Base64.getDecoder().decode(encoded.trim());
    } catch (IllegalArgumentException e) {
      throw new StateSecretException(name, "data key " + StateSecrets.DATA_KEY + " is not base64", e);
    }
    return parse(name, gzipped);
  }

  /** Parses the backend's payload: gzip-compressed state JSON. {@code secret} names it in errors. */
  public static TerraformState parse(String secret, byte[] gzipped) {
    return parseJson(secret, gunzip(secret, gzipped));
  }

  private static byte[] gunzip(String secret, byte[] gzipped) {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gzipped))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(1024, gzipped.length * 8));
      byte[] buffer = new byte[8192];
      int n;
      while ((n = in.read(buffer)) > 0) {
        if (out.size() + n > MAX_STATE_BYTES) {
          throw new StateSecretException(secret, "the state is larger than " + MAX_STATE_BYTES + " bytes uncompressed");
        }
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    } catch (EOFException e) {
      throw new StateSecretException(secret, "the gzip data is truncated", e);
    } catch (IOException e) {
      throw new StateSecretException(secret, "the state is not gzip data (" + e.getMessage() + ")", e);
    }
  }

  private static TerraformState parseJson(String secret, byte[] json) {
    JsonNode root;
    try {
      root = TerraformJson.MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      // No cause and no parser message: both can quote the document, and the document holds secrets.
      throw new StateSecretException(secret, "the state is not valid JSON" + where(e.getLocation()));
    } catch (IOException e) {
      throw new StateSecretException(secret, "the state could not be parsed");
    }
    if (root == null || !root.isObject()) {
      throw new StateSecretException(secret, "the state is not a JSON object");
    }
    JsonNode version = root.path("version");
    if (!version.isIntegralNumber() || version.asInt() != STATE_FORMAT_VERSION) {
      throw new StateSecretException(secret, "state format version " + describe(version)
          + " is not supported (expected " + STATE_FORMAT_VERSION + ")");
    }
    return new TerraformState(
        root.path("serial").asLong(0),
        root.path("terraform_version").asText(""),
        outputs(secret, root.path("outputs")),
        resources(secret, root.path("resources")));
  }

  private static Map<String, String> outputs(String secret, JsonNode outputs) {
    Map<String, String> result = new TreeMap<>();
    if (outputs.isMissingNode() || outputs.isNull()) {
      return result;
    }
    if (!outputs.isObject()) {
      throw new StateSecretException(secret, "\"outputs\" is not an object");
    }
    for (Map.Entry<String, JsonNode> entry : outputs.properties()) {
      JsonNode output = entry.getValue();
      if (isSensitive(output)) {
        continue;
      }
      JsonNode value = output.path("value");
      result.put(entry.getKey(), value.isTextual() ? value.asText() : TerraformJson.compact(value));
    }
    return result;
  }

  // Fail closed: anything but an absent or literal false "sensitive" (including a malformed output) is secret.
  private static boolean isSensitive(JsonNode output) {
    if (!output.isObject()) {
      return true;
    }
    JsonNode sensitive = output.get("sensitive");
    return !(sensitive == null || sensitive.isNull() || (sensitive.isBoolean() && !sensitive.asBoolean()));
  }

  private static List<String> resources(String secret, JsonNode resources) {
    List<String> result = new ArrayList<>();
    if (resources.isMissingNode() || resources.isNull()) {
      return result;
    }
    if (!resources.isArray()) {
      throw new StateSecretException(secret, "\"resources\" is not an array");
    }
    for (JsonNode resource : resources) {
      if (!"managed".equals(resource.path("mode").asText())) {
        continue; // data sources are reads, not things the workspace owns
      }
      String type = resource.path("type").asText("");
      String name = resource.path("name").asText("");
      if (type.isEmpty() || name.isEmpty()) {
        throw new StateSecretException(secret, "a managed resource has no type or name");
      }
      String module = ResourceAddresses.withoutInstanceKeys(resource.path("module").asText(""));
      result.add(module.isEmpty() ? type + "." + name : module + "." + type + "." + name);
    }
    return result;
  }

  private static String where(JsonLocation location) {
    if (location == null || location.getLineNr() < 0) {
      return "";
    }
    return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }

  private static String describe(JsonNode version) {
    return version.isMissingNode() ? "<missing>" : version.isValueNode() ? version.asText() : "<" + version.getNodeType() + ">";
  }
}
