package dev.kubicle.operator.terraform;

/** Terraform address helpers: status lists one address per resource block, not per instance. */
final class ResourceAddresses {
  private ResourceAddresses() {}

  /** {@code module.a[0].module.b["x]y"]} becomes {@code module.a.module.b}; quoted keys may contain brackets. */
  static String withoutInstanceKeys(String address) {
    StringBuilder out = new StringBuilder(address.length());
    int depth = 0;
    boolean quoted = false;
    for (int i = 0; i < address.length(); i++) {
      char c = address.charAt(i);
      if (depth == 0) {
        if (c == '[') {
          depth = 1;
        } else {
          out.append(c);
        }
      } else if (quoted) {
        if (c == '\\') {
          i++; // the escaped character cannot end the string
        } else if (c == '"') {
          quoted = false;
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ']') {
        depth = 0;
      }
    }
    return out.toString();
  }
}
