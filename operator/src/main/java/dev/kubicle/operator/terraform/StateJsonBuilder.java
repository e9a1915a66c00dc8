package dev.kubicle.operator.terraform;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builds Terraform state JSON (format 4) for the echo provisioner and simulators that stand in for a Job. */
public final class StateJsonBuilder {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private long serial = 1;
  private String terraformVersion = "1.9.8";
  private String lineage = "00000000-0000-0000-0000-000000000000";
  private final ObjectNode outputs = JSON.objectNode();
  private final ArrayNode resources = JSON.arrayNode();

  public static StateJsonBuilder create() {
    return new StateJsonBuilder();
  }

  public StateJsonBuilder serial(long serial) {
    this.serial = serial;
    return this;
  }

  public StateJsonBuilder terraformVersion(String terraformVersion) {
    this.terraformVersion = terraformVersion;
    return this;
  }

  public StateJsonBuilder lineage(String lineage) {
    this.lineage = lineage;
    return this;
  }

  /** An output; {@code value} is a String, Number, Boolean, List or Map, converted by Jackson. */
  public StateJsonBuilder output(String name, Object value, boolean sensitive) {
    JsonNode json = TerraformJson.MAPPER.valueToTree(value);
    ObjectNode output = outputs.putObject(name);
    output.set("value", json);
    output.set("type", typeOf(json));
    if (sensitive) {
      output.put("sensitive", true); // Terraform leaves the key out when false
    }
    return this;
  }

  public StateJsonBuilder managedResource(String module, String type, String name) {
    return resource("managed", module, type, name);
  }

  public StateJsonBuilder dataResource(String module, String type, String name) {
    return resource("data", module, type, name);
  }

  public String toJson() {
    ObjectNode root = JSON.objectNode();
    root.put("version", 4);
    root.put("terraform_version", terraformVersion);
    root.put("serial", serial);
    root.put("lineage", lineage);
    root.set("outputs", outputs.deepCopy());
    root.set("resources", resources.deepCopy());
    root.set("check_results", JSON.nullNode());
    return TerraformJson.pretty(root);
  }

  private StateJsonBuilder resource(String mode, String module, String type, String name) {
    ObjectNode resource = resources.addObject();
    if (module != null && !module.isEmpty()) {
      resource.put("module", module);
    }
    resource.put("mode", mode);
    resource.put("type", type);
    resource.put("name", name);
    String providerName = type.contains("_") ? type.substring(0, type.indexOf('_')) : type;
    resource.put("provider", "provider[\"registry.terraform.io/hashicorp/" + providerName + "\"]");
    ObjectNode instance = resource.putArray("instances").addObject();
    instance.put("schema_version", 0);
    instance.putObject("attributes");
    instance.putArray("sensitive_attributes");
    return this;
  }

  // Terraform records each output's type as cty JSON: "string", "number", "bool" or ["list", ...] and so on.
  private static JsonNode typeOf(JsonNode value) {
    if (value.isTextual()) {
      return JSON.textNode("string");
    }
    if (value.isNumber()) {
      return JSON.textNode("number");
    }
    if (value.isBoolean()) {
      return JSON.textNode("bool");
    }
    if (value.isArray()) {
      ArrayNode type = JSON.arrayNode().add("tuple");
      ArrayNode items = type.addArray();
      value.forEach(item -> items.add(typeOf(item)));
      return type;
    }
    if (value.isObject()) {
      ArrayNode type = JSON.arrayNode().add("object");
      ObjectNode attributes = type.addObject();
      value.properties().forEach(e -> attributes.set(e.getKey(), typeOf(e.getValue())));
      return type;
    }
    return JSON.textNode("dynamic");
  }
}
