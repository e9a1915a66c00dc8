package dev.kubicle.api.crd;

import dev.kubicle.api.v1alpha1.AgentTask;
import dev.kubicle.api.v1alpha1.Template;
import dev.kubicle.api.v1alpha1.Workspace;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** Turns fabric8's generated CRDs into the committed crds/generated/*.yaml, with printer columns in declared order. */
public final class CrdExporter {
  public static final List<Class<? extends HasMetadata>> KINDS = List.of(Template.class, Workspace.class, AgentTask.class);
  public static final String HEADER =
      "# Generated from the Java types in crds/src/main/java by `make crds`; do not edit.\n";
  /** Where the committed files live, relative to the repository root. */
  public static final String OUTPUT_DIR = "crds/generated";

  private CrdExporter() {}

  /** Writes every CRD; the optional argument is the repository root (default: found from the working directory). */
  public static void main(String[] args) throws IOException {
    Path root = args.length > 0 ? Path.of(args[0]) : findRepositoryRoot(Path.of("").toAbsolutePath());
    Path outputDir = root.resolve(OUTPUT_DIR);
    Files.createDirectories(outputDir);
    for (Class<? extends HasMetadata> kind : KINDS) {
      Path file = outputDir.resolve(fileName(kind));
      String yaml = render(kind);
      boolean unchanged = Files.exists(file) && Files.readString(file, StandardCharsets.UTF_8).equals(yaml);
      if (!unchanged) {
        Files.writeString(file, yaml, StandardCharsets.UTF_8);
      }
      System.out.println((unchanged ? "unchanged " : "wrote ") + OUTPUT_DIR + "/" + fileName(kind));
    }
  }

  /** "workspaces.kubicle.dev.yaml": the CRD's own name, so the file is easy to match to `kubectl get crd`. */
  public static String fileName(Class<? extends HasMetadata> kind) {
    return HasMetadata.getPlural(kind) + "." + HasMetadata.getGroup(kind) + ".yaml";
  }

  /** The committed form of {@code kind}'s CRD, from the file crd-generator wrote at process-classes. */
  public static String render(Class<? extends HasMetadata> kind) {
    String resource = "META-INF/fabric8/" + HasMetadata.getPlural(kind) + "." + HasMetadata.getGroup(kind) + "-v1.yml";
    try (InputStream in = CrdExporter.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is not on the classpath: run `mvn -pl crds process-classes` first");
      }
      return render(kind, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code generatedYaml} with printer columns reordered, serialized with our header. */
  public static String render(Class<? extends HasMetadata> kind, String generatedYaml) {
    CustomResourceDefinition crd = Serialization.unmarshal(generatedYaml, CustomResourceDefinition.class);
    List<String> declared = Arrays.stream(kind.getAnnotationsByType(AdditionalPrinterColumn.class))
        .map(AdditionalPrinterColumn::name).toList();
    for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
      if (version.getAdditionalPrinterColumns() != null) {
        version.setAdditionalPrinterColumns(inDeclaredOrder(version.getAdditionalPrinterColumns(), declared));
      }
    }
    return HEADER + Serialization.asYaml(crd).replace("\r\n", "\n");
  }

  // crd-generator sorts columns by JSON path, which puts Age first in `kubectl get`; the Java class says what users see.
  static List<CustomResourceColumnDefinition> inDeclaredOrder(List<CustomResourceColumnDefinition> columns,
      List<String> declared) {
    List<CustomResourceColumnDefinition> sorted = new ArrayList<>(columns);
    // Stable sort: a column without an annotation (none today) keeps its place after the declared ones.
    sorted.sort(Comparator.comparingInt(column -> {
      int index = declared.indexOf(column.getName());
      return index < 0 ? declared.size() : index;
    }));
    return sorted;
  }

  /** The repository root from a working directory that is the root itself, crds/, or anywhere below them. */
  static Path findRepositoryRoot(Path workingDirectory) {
    for (Path dir = workingDirectory; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("crds/pom.xml"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no crds/pom.xml in " + workingDirectory + " or above: pass the repository root "
        + "as the first argument");
  }
}
