package dev.kubicle.operator.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import dev.kubicle.api.v1alpha1.AgentTask;
import dev.kubicle.api.validation.AgentTaskValidator;
import dev.kubicle.operator.support.Repository;
import dev.kubicle.operator.task.model.ModelCatalog;
import dev.kubicle.operator.task.model.ModelCatalogParser;
import dev.kubicle.operator.task.model.ModelCatalogSource;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What ships for AgentTasks: the chart's models ConfigMap and the examples parse and validate. */
class TaskPackagingTest {
  private static final Path ROOT = Repository.root();

  @Test
  void chartRendersTheModelsConfigMapFromValuesAndTheOperatorReadsIt(@TempDir Path tmp) throws Exception {
    Path values = tmp.resolve("values.yaml");
    Files.writeString(values, """
        models:
          create: true
          config:
            defaultModel: sonnet
            providers:
              - name: anthropic
                type: anthropic
                apiKeySecret: {name: kubicle-model-keys, key: anthropic}
            models:
              - id: sonnet
                provider: anthropic
                model: claude-sonnet-4-5
                prices: {input: "3", output: "15", cacheRead: "0.30", cacheWrite: "3.75"}
        tasks:
          threads: 8
        """);

    String manifest = new Helm(ROOT.resolve("helm/kubicle")).template().withName("kubicle")
        .withNamespace("kubicle-system").withValuesFile(values).call();

    ConfigMap models = configMaps(manifest).stream()
        .filter(c -> c.getMetadata().getName().equals(ModelCatalogSource.CONFIG_MAP)).findFirst().orElseThrow();
    assertThat(models.getMetadata().getNamespace()).isEqualTo("kubicle-system");
    ModelCatalog catalog = ModelCatalogParser.parse(models.getData().get(ModelCatalogSource.KEY), "chart");
    assertThat(catalog.resolve(null).wireModel()).isEqualTo("claude-sonnet-4-5");
    assertThat(catalog.resolve(null).prices().cacheWriteMicrosPerMillion()).isEqualTo(3_750_000);
    assertThat(manifest).contains("name: KUBICLE_TASK_THREADS").contains("value: \"8\"");
  }

  @Test
  void byDefaultTheChartLeavesTheModelsConfigMapToTheAdmin() {
    String manifest = new Helm(ROOT.resolve("helm/kubicle")).template().withName("kubicle")
        .withNamespace("kubicle-system").call();

    assertThat(configMaps(manifest)).noneMatch(c -> c.getMetadata().getName().equals(ModelCatalogSource.CONFIG_MAP));
  }

  @Test
  void exampleModelsAndTasksParseAndValidate() throws Exception {
    ConfigMap models = Serialization.unmarshal(Files.readString(ROOT.resolve("examples/tasks/models.yaml")),
        ConfigMap.class);
    ModelCatalog catalog = ModelCatalogParser.parse(models.getData().get(ModelCatalogSource.KEY), "example");
    AgentTask task = Serialization.unmarshal(Files.readString(ROOT.resolve("examples/tasks/fix-failing-test.yaml")),
        AgentTask.class);

    assertThat(AgentTaskValidator.validate(task.getSpec()).isValid()).isTrue();
    assertThat(catalog.resolve(task.getSpec().getModel()).id()).isEqualTo("sonnet");
    assertThat(catalog.resolve("qwen-coder").prices()).isNull();
  }

  private static List<ConfigMap> configMaps(String manifest) {
    return java.util.Arrays.stream(manifest.split("(?m)^---\\s*$"))
        .filter(d -> d.lines().anyMatch(l -> l.equals("kind: ConfigMap")))
        .map(d -> Serialization.unmarshal(d, ConfigMap.class)).toList();
  }
}
