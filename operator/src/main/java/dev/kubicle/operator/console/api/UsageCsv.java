package dev.kubicle.operator.console.api;

import dev.kubicle.operator.store.MonthlyUsage;
import java.math.BigDecimal;
import java.util.List;

/**
 * Monthly usage as CSV (RFC 4180, a header row). Cells that a spreadsheet would run as a formula (starting with
 * = + - @, a tab or a carriage return) get a leading apostrophe, so a user name such as {@code =HYPERLINK(…)} stays
 * text when an admin opens the file.
 */
final class UsageCsv {
  static final String HEADER = "month,owner,owner_key,provider,model,calls,input_tokens,output_tokens,"
      + "cache_read_tokens,cache_write_tokens,cost_micros,cost_usd,unpriced_calls";

  private UsageCsv() {}

  static String write(List<MonthlyUsage> rows) {
    StringBuilder out = new StringBuilder(HEADER).append("\r\n");
    for (MonthlyUsage u : rows) {
      row(out, u.month(), u.owner(), u.ownerKey(), u.provider(), u.model(), String.valueOf(u.calls()),
          String.valueOf(u.inputTokens()), String.valueOf(u.outputTokens()), String.valueOf(u.cacheReadTokens()),
          String.valueOf(u.cacheWriteTokens()), u.costMicros() == null ? "" : String.valueOf(u.costMicros()),
          u.costMicros() == null ? "" : dollars(u.costMicros()), String.valueOf(u.unpricedCalls()));
    }
    return out.toString();
  }

  /** Micro-dollars as exact dollars with six decimals ("1.250000"). */
  static String dollars(long micros) {
    return BigDecimal.valueOf(micros, 6).toPlainString();
  }

  private static void row(StringBuilder out, String... cells) {
    for (int i = 0; i < cells.length; i++) {
      if (i > 0) {
        out.append(',');
      }
      out.append(cell(cells[i]));
    }
    out.append("\r\n");
  }

  static String cell(String value) {
    if (value == null || value.isEmpty()) {
      return "";
    }
    String text = value;
    char first = text.charAt(0);
    if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
      text = "'" + text;
    }
    if (text.indexOf(',') >= 0 || text.indexOf('"') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
      text = "\"" + text.replace("\"", "\"\"") + "\"";
    }
    return text;
  }
}
