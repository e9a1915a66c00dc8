package dev.kubicle.operator.dev;

import dev.kubicle.api.v1alpha1.Template;
import dev.kubicle.operator.agentapi.UserKeys;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What `make run` puts into a fresh dev cluster so a newcomer can start at once: the local template, and their
 * SSH public keys (from ~/.ssh) for the example workspace's owner and for their own user name.
 */
public final class DevSetup {
  /** The owner of examples/workspaces/local.yaml. */
  public static final String EXAMPLE_OWNER = "developer";

  private DevSetup() {}

  /** What was set up, for the banner. */
  public record Result(boolean localTemplate, List<Path> keyFiles, Set<String> users) {}

  public static Result prepare(KubernetesClient client, Path repositoryRoot, Path sshDir, String namespace) {
    boolean template = false;
    Path local = repositoryRoot.resolve("examples/templates/local/template.yaml");
    if (Files.exists(local)) {
      try {
        Template t = Serialization.unmarshal(Files.readString(local), Template.class);
        t.getMetadata().setNamespace(namespace);
        client.resource(t).createOr(op -> op.update());
        template = true;
      } catch (IOException e) {
        throw new IllegalStateException("cannot read " + local + ": " + e.getMessage(), e);
      }
    }
    List<Path> keyFiles = publicKeys(sshDir);
    Set<String> users = new LinkedHashSet<>(List.of(EXAMPLE_OWNER, System.getProperty("user.name")));
    if (!keyFiles.isEmpty()) {
      StringBuilder keys = new StringBuilder();
      for (Path file : keyFiles) {
        try {
          keys.append(Files.readString(file).strip()).append('\n');
        } catch (IOException e) {
          throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
      }
      for (String user : users) {
        client.configMaps().inNamespace(namespace).resource(new ConfigMapBuilder()
            .withNewMetadata().withName(UserKeys.configMapName(user)).withNamespace(namespace)
              .addToAnnotations(UserKeys.USER_ANNOTATION, user).addToLabels(UserKeys.LABEL, "true").endMetadata()
            .addToData(UserKeys.KEY, keys.toString()).build()).createOr(op -> op.update());
      }
    }
    return new Result(template, keyFiles, users);
  }

  private static List<Path> publicKeys(Path sshDir) {
    if (!Files.isDirectory(sshDir)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(sshDir)) {
      return new ArrayList<>(files.filter(f -> f.getFileName().toString().endsWith(".pub")).sorted().toList());
    } catch (IOException e) {
      return List.of();
    }
  }
}
