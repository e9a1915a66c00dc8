package dev.kubicle.agent.requests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kubicle.agent.Json;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class AnswerStoreTest {
  private final AtomicLong clock = new AtomicLong(1_000_000);
  private final AnswerStore store = new AnswerStore(clock::get);

  @Test
  void aRepeatedIdSharesTheFirstClaimsAnswer() {
    AnswerStore.Claim first = store.claim("a");
    AnswerStore.Claim again = store.claim("a");

    assertThat(first.first()).isTrue();
    assertThat(again.first()).isFalse();
    ObjectNode answer = Json.frame("response");
    first.answer().complete(answer);
    assertThat(again.answer().join()).isSameAs(answer);
  }

  @Test
  void youngAnswersAreKeptEvenPastTheCountAndOldOnesGoOnceThereAreMoreThan1024() {
    for (int i = 0; i < 2000; i++) {
      store.claim("id-" + i).answer().complete(Json.frame("response"));
    }
    assertThat(store.size()).isEqualTo(2000);

    clock.addAndGet(AnswerStore.KEEP_FOR_MS);
    store.claim("late").answer().complete(Json.frame("response"));

    assertThat(store.size()).isEqualTo(AnswerStore.KEEP_AT_LEAST);
    assertThat(store.claim("id-1999").first()).isFalse();
    assertThat(store.claim("id-0").first()).isTrue();
  }

  @Test
  void theHardCapBoundsMemoryButNeverDropsARequestStillRunning() {
    AnswerStore.Claim running = store.claim("running");
    for (int i = 0; i < AnswerStore.HARD_CAP + 100; i++) {
      store.claim("id-" + i).answer().complete(Json.frame("response"));
    }

    assertThat(store.size()).isLessThanOrEqualTo(AnswerStore.HARD_CAP);
    assertThat(store.claim("running").answer()).isSameAs(running.answer());
  }
}
