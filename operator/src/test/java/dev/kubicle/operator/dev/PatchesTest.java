package dev.kubicle.operator.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Patch application: the examples of RFC 7386 appendix A, and the JSON patch leniency fabric8 relies on. */
class PatchesTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @ParameterizedTest(name = "{0} + {1} = {2}")
  @CsvSource(delimiter = '|', value = {
      "{\"a\":\"b\"}              | {\"a\":\"c\"}                 | {\"a\":\"c\"}",
      "{\"a\":\"b\"}              | {\"b\":\"c\"}                 | {\"a\":\"b\",\"b\":\"c\"}",
      "{\"a\":\"b\"}              | {\"a\":null}                  | {}",
      "{\"a\":\"b\",\"b\":\"c\"}  | {\"a\":null}                  | {\"b\":\"c\"}",
      "{\"a\":[\"b\"]}            | {\"a\":\"c\"}                 | {\"a\":\"c\"}",
      "{\"a\":\"c\"}              | {\"a\":[\"b\"]}               | {\"a\":[\"b\"]}",
      "{\"a\":{\"b\":\"c\"}}      | {\"a\":{\"b\":\"d\",\"c\":null}} | {\"a\":{\"b\":\"d\"}}",
      "{\"a\":[{\"b\":\"c\"}]}    | {\"a\":[1]}                   | {\"a\":[1]}",
      "{\"e\":null}               | {\"a\":1}                     | {\"e\":null,\"a\":1}",
      "{}                         | {\"a\":{\"bb\":{\"ccc\":null}}} | {\"a\":{\"bb\":{}}}"})
  void mergePatchFollowsRfc7386(String target, String patch, String expected) throws Exception {
    assertThat(Patches.apply(Patches.Type.MERGE, json(target), json(patch))).isEqualTo(json(expected));
  }

  @Test
  void jsonPatchCreatesMissingParentsAsTheMockDid() throws Exception {
    JsonNode result = Patches.apply(Patches.Type.JSON, json("{\"metadata\":{}}"),
        json("[{\"op\":\"add\",\"path\":\"/status/phase\",\"value\":\"Running\"}]"));

    assertThat(result).isEqualTo(json("{\"metadata\":{},\"status\":{\"phase\":\"Running\"}}"));
  }

  @Test
  void aJsonPatchThatFailsItsTestIsRefused() {
    assertThatThrownBy(() -> Patches.apply(Patches.Type.JSON, json("{\"a\":1}"),
        json("[{\"op\":\"test\",\"path\":\"/a\",\"value\":2}]")))
        .isInstanceOf(Patches.PatchException.class);
  }

  @Test
  void onlyJsonAndMergePatchesAreComputedHere() {
    assertThat(Patches.typeOf("application/merge-patch+json; charset=utf-8")).contains(Patches.Type.MERGE);
    assertThat(Patches.typeOf("application/json-patch+json")).contains(Patches.Type.JSON);
    assertThat(Patches.typeOf("application/strategic-merge-patch+json")).isEmpty();
    assertThat(Patches.typeOf("application/apply-patch+yaml")).isEmpty();
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
