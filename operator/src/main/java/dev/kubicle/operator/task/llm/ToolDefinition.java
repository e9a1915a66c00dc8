package dev.kubicle.operator.task.llm;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A tool offered to the model: name, what it does, and its arguments as JSON Schema. */
public record ToolDefinition(String name, String description, ObjectNode inputSchema) {}
