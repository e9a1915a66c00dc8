package dev.kubicle.webhook.rules;

/** Quotes user input the way the shared validation does, so every message reads the same. */
final class Texts {
  private Texts() {}

  static String quote(String text) {
    return "\"" + text + "\"";
  }
}
