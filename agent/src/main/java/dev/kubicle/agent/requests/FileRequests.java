package dev.kubicle.agent.requests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubicle.agent.Json;
import dev.kubicle.agent.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** The {@code read_file} and {@code write_file} methods. */
public final class FileRequests {
  /** Larger files are refused with too_large: a frame is no way to move them (use SFTP). */
  static final long MAX_FILE_BYTES = 16L * 1024 * 1024;

  private final Workspace workspace;

  public FileRequests(Workspace workspace) {
    this.workspace = workspace;
  }

  public ObjectNode read(JsonNode json) throws Exception {
    Params params = new Params(json);
    Path path = workspace.resolve(params.requiredText("path"));
    Long start = params.optionalNumber("startLine");
    Long end = params.optionalNumber("endLine");
    String content = readText(path);
    List<String> lines = Lines.split(content);
    long first = start == null ? 1 : start;
    long last = end == null ? lines.size() : Math.min(end, lines.size());
    if (first < 1) {
      throw RequestError.badRequest("params.startLine is 1-based and must be at least 1");
    }
    if (end != null && end < first) {
      throw RequestError.badRequest("params.endLine must not be before params.startLine");
    }
    StringBuilder slice = new StringBuilder();
    for (long i = first; i <= last; i++) {
      slice.append(lines.get((int) i - 1));
    }
    ObjectNode result = Json.MAPPER.createObjectNode();
    result.put("content", slice.toString());
    result.put("totalLines", lines.size());
    return result;
  }

  public ObjectNode write(JsonNode json) throws Exception {
    Params params = new Params(json);
    Path path = workspace.resolve(params.requiredText("path"));
    String content = params.requiredText("content");
    boolean createDirs = params.flag("createDirs");
    Path parent = path.toAbsolutePath().getParent();
    if (Files.isDirectory(path)) {
      throw RequestError.badRequest(path + " is a directory");
    }
    if (!Files.isDirectory(parent)) {
      if (!createDirs) {
        throw new RequestError("not_found", "directory " + parent + " does not exist (set createDirs to create it)");
      }
      Files.createDirectories(parent);
    }
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    try {
      AtomicFiles.replace(path, bytes);
    } catch (IOException e) {
      throw new RequestError("io_error", "cannot write " + path + ": " + e.getMessage());
    }
    ObjectNode result = Json.MAPPER.createObjectNode();
    result.put("bytes", bytes.length);
    return result;
  }

  /** Reads a whole text file with the errors the protocol names. */
  static String readText(Path path) throws RequestError {
    try {
      if (Files.isDirectory(path)) {
        throw RequestError.badRequest(path + " is a directory");
      }
      long size = Files.size(path);
      if (size > MAX_FILE_BYTES) {
        throw new RequestError("too_large", path + " has " + size + " bytes; the limit is " + MAX_FILE_BYTES);
      }
      return new String(Files.readAllBytes(path), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new RequestError("not_found", "no such file: " + path);
    } catch (IOException e) {
      throw new RequestError("io_error", "cannot read " + path + ": " + e.getMessage());
    }
  }
}
