package dev.kubicle.operator.task;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubicle.api.validation.AgentTaskValidator;
import dev.kubicle.operator.kube.Json;
import dev.kubicle.operator.task.llm.ToolDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The tools the loop offers the model, with their JSON Schemas; a task's allowedTools picks among them. */
public final class ToolDefinitions {
  public static final String EXECUTE = "execute";
  public static final String READ_FILE = "read_file";
  public static final String WRITE_FILE = "write_file";
  public static final String EDIT_FILE = "edit_file";
  public static final String REPORT_PROGRESS = "report_progress";

  private static final Map<String, ToolDefinition> ALL = Map.of(
      EXECUTE, new ToolDefinition(EXECUTE, "Run a shell command (/bin/sh -c) in the workspace, non-interactively. "
          + "Returns the exit code, stdout and stderr (capped). Use it to build, test, search (grep, rg) and "
          + "inspect.", schema(new String[][] {
              {"command", "string", "the command line"},
              {"workdir", "string", "working directory (default: the workspace's directory)"},
              {"timeout_seconds", "integer", "stop the command after this many seconds (capped by the task)"}},
          "command")),
      READ_FILE, new ToolDefinition(READ_FILE, "Read a text file of the workspace, with line numbers. Paths are "
          + "relative to the workspace's directory.", schema(new String[][] {
              {"path", "string", "the file"},
              {"start_line", "integer", "first line to read (1-based)"},
              {"end_line", "integer", "last line to read (inclusive)"}}, "path")),
      WRITE_FILE, new ToolDefinition(WRITE_FILE, "Write a whole file (created with its directories, or "
          + "replaced).", schema(new String[][] {
              {"path", "string", "the file"},
              {"content", "string", "the complete new content"}}, "path", "content")),
      EDIT_FILE, new ToolDefinition(EDIT_FILE, "Replace exact text in a file. old_text must match exactly once "
          + "unless replace_all is true. Returns a unified diff.", schema(new String[][] {
              {"path", "string", "the file"},
              {"old_text", "string", "the exact text to replace"},
              {"new_text", "string", "its replacement"},
              {"replace_all", "boolean", "replace every occurrence"}}, "path", "old_text", "new_text")),
      REPORT_PROGRESS, new ToolDefinition(REPORT_PROGRESS, "Tell the user in one short line what you are doing "
          + "now. Cheap; use it at each step.", schema(new String[][] {
              {"message", "string", "one short line, under 160 characters"}}, "message")));

  private ToolDefinitions() {}

  /** The tools a task may use, in the documented order; an empty list means all. */
  public static List<ToolDefinition> offered(List<String> allowed) {
    List<ToolDefinition> tools = new ArrayList<>();
    for (String name : AgentTaskValidator.TOOLS) {
      if (allowed == null || allowed.isEmpty() || allowed.contains(name)) {
        tools.add(ALL.get(name));
      }
    }
    return tools;
  }

  private static ObjectNode schema(String[][] properties, String... required) {
    ObjectNode schema = Json.mapper().createObjectNode();
    schema.put("type", "object");
    ObjectNode props = schema.putObject("properties");
    for (String[] p : properties) {
      props.putObject(p[0]).put("type", p[1]).put("description", p[2]);
    }
    var req = schema.putArray("required");
    for (String r : required) {
      req.add(r);
    }
    schema.put("additionalProperties", false);
    return schema;
  }
}
