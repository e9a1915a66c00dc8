package dev.kubicle.operator.task.llm;

/** What a tool call produced, as text for the model; {@code error} marks a failed call (Anthropic's is_error). */
public record ToolResult(String toolCallId, String content, boolean error) {}
