package dev.kubicle.operator.dev.schema;

import static dev.kubicle.operator.dev.schema.SchemaValidatorTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** ObjectMeta validation: names, label and annotation syntax, as kube-apiserver checks them on every object. */
class ObjectMetaValidationTest {

  @ParameterizedTest(name = "{0} valid: {1}")
  @CsvSource({
      "ws-1, true",
      "a.b-c.d, true",
      "0ab, true",
      "Upper, false",
      "-lead, false",
      "trail-, false",
      "a..b, false",
      "'a_b', false",
      "'é', false"})
  void namesAreDnsSubdomains(String name, boolean valid) {
    List<FieldError> errors = ObjectMetaValidation.validate(json("{\"name\": \"" + name + "\"}"), true);

    assertThat(errors.isEmpty()).isEqualTo(valid);
    errors.forEach(e -> assertThat(e.toString()).startsWith("metadata.name: Invalid value: \"" + name
        + "\": a lowercase RFC 1123 subdomain"));
  }

  @Test
  void aNameOver253CharactersIsRefused() {
    String name = "a".repeat(254);

    assertThat(ObjectMetaValidation.validate(json("{\"name\": \"" + name + "\"}"), true)).map(FieldError::detail)
        .containsExactly("must be no more than 253 characters");
  }

  @Test
  void theNameIsOnlyCheckedOnCreateAndIsRequiredUnlessGenerated() {
    assertThat(ObjectMetaValidation.validate(json("{\"name\": \"Upper\"}"), false)).isEmpty();
    assertThat(ObjectMetaValidation.validate(json("{\"generateName\": \"ws-\"}"), true)).isEmpty();
    assertThat(ObjectMetaValidation.validate(json("{}"), true)).map(FieldError::toString)
        .containsExactly("metadata.name: Required value: name or generateName is required");
  }

  @ParameterizedTest(name = "{0}={1} valid: {2}")
  @CsvSource({
      "team, a, true",
      "kubicle.dev/owner, alice, true",
      "Team, My_Value.1, true",
      "team, '', true",
      "'bad key', a, false",
      "Kubicle.dev/owner, a, false",
      "/owner, a, false",
      "team, 'bad value', false",
      "team, -x, false"})
  void labelsHaveTheServersSyntax(String key, String value, boolean valid) {
    String metadata = "{\"labels\": {\"" + key + "\": \"" + value + "\"}}";

    List<FieldError> errors = ObjectMetaValidation.validate(json(metadata), false);

    assertThat(errors.isEmpty()).as(errors.toString()).isEqualTo(valid);
    errors.forEach(e -> assertThat(e.field()).isEqualTo("metadata.labels"));
  }

  @Test
  void aLabelValueOver63CharactersIsRefused() {
    String metadata = "{\"labels\": {\"a\": \"" + "x".repeat(64) + "\"}}";

    assertThat(ObjectMetaValidation.validate(json(metadata), false)).map(FieldError::detail)
        .containsExactly("must be no more than 63 characters");
  }

  @Test
  void annotationKeysAreCheckedInLowerCaseAndTheirTotalSizeIsCapped() {
    assertThat(ObjectMetaValidation.validate(json("{\"annotations\": {\"Kubicle.dev/X\": \"1\"}}"), false)).isEmpty();
    String big = "{\"annotations\": {\"a\": \"" + "x".repeat(256 * 1024) + "\"}}";

    assertThat(ObjectMetaValidation.validate(json(big), false)).map(FieldError::toString)
        .containsExactly("metadata.annotations: Too long: must have at most 262144 bytes");
  }
}
