package dev.kubicle.operator.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.kubicle.operator.task.llm.SseParser;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Server-sent events as the model streams send them, including the forms servers take liberties with. */
class SseParserTest {
  private final List<String> events = new ArrayList<>();
  private final SseParser parser = new SseParser((event, data) -> events.add(event + "|" + data));

  @Test
  void eventsDispatchOnABlankLineWithTheirNameAndData() {
    feed("event: message_start", "data: {\"a\":1}", "", ": keep-alive comment", "", "data:{\"b\":2}", "");

    assertThat(events).containsExactly("message_start|{\"a\":1}", "message|{\"b\":2}");
  }

  @Test
  void severalDataLinesJoinWithANewline() {
    feed("data: first", "data: second", "id: 7", "retry: 100", "");

    assertThat(events).containsExactly("message|first\nsecond");
  }

  @Test
  void aLastEventWithoutItsBlankLineIsStillDispatchedAtTheEnd() {
    feed("data: [DONE]");
    parser.end();

    assertThat(events).containsExactly("message|[DONE]");
  }

  private void feed(String... lines) {
    for (String line : lines) {
      parser.line(line);
    }
  }
}
