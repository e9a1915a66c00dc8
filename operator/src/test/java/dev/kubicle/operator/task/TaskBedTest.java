package dev.kubicle.operator.task;

import dev.kubicle.operator.OperatorConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** One TaskBed (real operator, local workspace, real agent, scripted model server) shared by a test class. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TaskBedTest {
  final InMemoryTaskRecorder recorder = new InMemoryTaskRecorder();
  TaskBed bed;

  @BeforeAll
  void startBed(@TempDir Path tmp) {
    bed = TaskBed.start(tmp, recorder, this::settings);
  }

  /** The operator's settings for this class's bed (override to change one). */
  OperatorConfig settings(OperatorConfig defaults) {
    return defaults;
  }

  @AfterAll
  void stopBed() {
    if (bed != null) {
      bed.close();
    }
  }

  @BeforeEach
  void freshScript() {
    bed.models.reset();
  }
}
