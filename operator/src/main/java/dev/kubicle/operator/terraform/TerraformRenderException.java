package dev.kubicle.operator.terraform;

/** A build bundle cannot be rendered because a parameter value does not fit its declared type. */
public class TerraformRenderException extends IllegalArgumentException {
  public TerraformRenderException(String message) {
    super(message);
  }
}
