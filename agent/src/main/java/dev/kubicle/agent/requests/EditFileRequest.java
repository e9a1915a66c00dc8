package dev.kubicle.agent.requests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubicle.agent.Json;
import dev.kubicle.agent.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The {@code edit_file} method: exact-text replacement, refused when the text is missing or ambiguous. */
public final class EditFileRequest implements RequestHandler {
  private final Workspace workspace;

  public EditFileRequest(Workspace workspace) {
    this.workspace = workspace;
  }

  @Override
  public ObjectNode handle(JsonNode json) throws Exception {
    Params params = new Params(json);
    String rawPath = params.requiredText("path");
    Path path = workspace.resolve(rawPath);
    String oldText = params.requiredText("oldText");
    String newText = params.requiredText("newText");
    boolean replaceAll = params.flag("replaceAll");
    if (oldText.isEmpty()) {
      throw RequestError.badRequest("params.oldText must not be empty");
    }
    String content = FileRequests.readText(path);
    List<Integer> matches = new ArrayList<>();
    for (int at = content.indexOf(oldText); at >= 0; at = content.indexOf(oldText, at + oldText.length())) {
      matches.add(at);
    }
    if (matches.isEmpty()) {
      throw new RequestError("no_match", "oldText does not occur in " + path);
    }
    if (matches.size() > 1 && !replaceAll) {
      throw new RequestError("ambiguous_match", "oldText occurs " + matches.size() + " times in " + path
          + "; include more surrounding text to pick one, or set replaceAll");
    }
    StringBuilder updated = new StringBuilder(content.length() + matches.size() * (newText.length() - oldText.length()));
    int position = 0;
    for (int match : matches) {
      updated.append(content, position, match).append(newText);
      position = match + oldText.length();
    }
    updated.append(content, position, content.length());
    String diff = UnifiedDiff.forReplacements(rawPath, content, matches, oldText.length(), newText);
    try {
      AtomicFiles.replace(path, updated.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new RequestError("io_error", "cannot write " + path + ": " + e.getMessage());
    }
    ObjectNode result = Json.MAPPER.createObjectNode();
    result.put("replacements", matches.size());
    result.put("diff", diff);
    return result;
  }
}
