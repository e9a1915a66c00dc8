package dev.kubicle.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubicle.api.v1alpha1.TemplateParameter;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class NumberBoundsPropertiesTest {
  private static final List<TemplateParameter> CPU = List.of(Params.number("cpu", "2", 1L, 8L));

  @Property
  void aNumberIsValidExactlyWhenItIsWithinMinAndMax(@ForAll @IntRange(min = -1000, max = 1000) int value) {
    ValidationResult result = ParameterValidator.validate(CPU, Map.of("cpu", Integer.toString(value)), null);
    assertThat(result.isValid()).isEqualTo(value >= 1 && value <= 8);
  }

  @Property
  void decimalsAreComparedExactly(@ForAll @IntRange(min = 0, max = 99) int hundredths) {
    String value = "8." + String.format("%02d", hundredths);
    ValidationResult result = ParameterValidator.validate(CPU, Map.of("cpu", value), null);
    assertThat(result.isValid()).isEqualTo(hundredths == 0);
  }
}
