package dev.kubicle.operator.task;

/**
 * What one tool call came to: the text the model sees, and what the records and status need.
 *
 * @param changedPath the file written or edited, or null
 * @param progress the progress line reported, or null
 */
record ToolOutcome(String content, boolean error, Integer exitCode, long outputBytes, boolean truncated,
    String changedPath, String progress) {

  static ToolOutcome failure(String message) {
    return new ToolOutcome(message, true, null, message.length(), false, null, null);
  }
}
