package dev.kubicle.operator.console;

/** Escaping for the few server-rendered pages (login, errors): every value is text, never markup. */
public final class Html {
  private Html() {}

  public static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** A complete page: no script, no inline style (the CSP allows neither). */
  public static String page(String title, String body) {
    return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<title>" + escape(title) + " · Kubicle</title><link rel=\"stylesheet\" href=\"/ui/app.css\"></head>\n"
        + "<body class=\"plain\"><main class=\"card narrow\"><p class=\"brand\">Kubicle</p><h1>" + escape(title)
        + "</h1>\n" + body + "\n</main></body></html>\n";
  }
}
