package dev.kubicle.api.validation;

import java.util.Collection;
import java.util.stream.Collectors;

/** Small formatting helpers so every message quotes user input the same way. */
final class Texts {
  private Texts() {}

  static String quote(String text) {
    return "\"" + text + "\"";
  }

  static String quoteAll(Collection<String> texts) {
    return texts.stream().map(Texts::quote).collect(Collectors.joining(", "));
  }
}
