package dev.kubicle.api.crd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The committed CRD YAML must be what the Java types generate today, so a type change cannot ship without it. */
class CrdYamlIsUpToDateTest {
  static final java.util.List<Class<? extends HasMetadata>> KINDS = CrdExporter.KINDS;

  @ParameterizedTest
  @FieldSource("KINDS")
  void committedCrdMatchesTheJavaTypes(Class<? extends HasMetadata> kind) throws IOException {
    String relative = CrdExporter.OUTPUT_DIR + "/" + CrdExporter.fileName(kind);
    Path committed = CrdExporter.findRepositoryRoot(Path.of("").toAbsolutePath()).resolve(relative);
    if (!Files.exists(committed)) {
      fail(relative + " is missing: run `make crds`");
    }
    assertThat(Files.readString(committed, StandardCharsets.UTF_8))
        .as(relative + " is out of date: run `make crds`")
        .isEqualTo(CrdExporter.render(kind));
  }
}
