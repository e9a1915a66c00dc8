package dev.kubicle.agent.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CappedOutputTest {
  @Test
  void shortOutputIsKeptWholeAndNotTruncated() {
    CappedOutput output = new CappedOutput(10);
    output.drain(new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)));

    assertThat(output.text()).isEqualTo("hello");
    assertThat(output.truncated()).isFalse();
  }

  @Test
  void outputOfExactlyTheCapIsNotTruncated() {
    CappedOutput output = new CappedOutput(5);
    output.drain(new ByteArrayInputStream("hello".getBytes(StandardCharsets.UTF_8)));

    assertThat(output.text()).isEqualTo("hello");
    assertThat(output.truncated()).isFalse();
  }

  @Test
  void aCutInsideACharacterStepsBackToItsStart() {
    byte[] text = "aé€😀".getBytes(StandardCharsets.UTF_8); // 1 + 2 + 3 + 4 bytes

    assertThat(new String(CappedOutput.utf8Prefix(text, 2), StandardCharsets.UTF_8)).isEqualTo("a");
    assertThat(new String(CappedOutput.utf8Prefix(text, 3), StandardCharsets.UTF_8)).isEqualTo("aé");
    assertThat(new String(CappedOutput.utf8Prefix(text, 5), StandardCharsets.UTF_8)).isEqualTo("aé");
    assertThat(new String(CappedOutput.utf8Prefix(text, 6), StandardCharsets.UTF_8)).isEqualTo("aé€");
    assertThat(new String(CappedOutput.utf8Prefix(text, 9), StandardCharsets.UTF_8)).isEqualTo("aé€");
    assertThat(new String(CappedOutput.utf8Prefix(text, 10), StandardCharsets.UTF_8)).isEqualTo("aé€😀");
  }
}
