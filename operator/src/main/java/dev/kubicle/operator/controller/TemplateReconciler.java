package dev.kubicle.operator.controller;

import dev.kubicle.api.v1alpha1.Template;
import dev.kubicle.api.v1alpha1.TemplateStatus;
import dev.kubicle.api.v1alpha1.TemplateVersionEntry;
import dev.kubicle.api.validation.TemplateValidator;
import dev.kubicle.api.validation.ValidationResult;
import dev.kubicle.operator.kube.Conditions;
import dev.kubicle.operator.kube.Creates;
import dev.kubicle.operator.kube.EventReason;
import dev.kubicle.operator.kube.EventRecorder;
import dev.kubicle.operator.kube.UnreadableResources;
import dev.kubicle.operator.kube.Json;
import dev.kubicle.operator.kube.Names;
import dev.kubicle.operator.provision.RunnerPolicy;
import dev.kubicle.operator.provision.RunnerPolicyCounters;
import dev.kubicle.operator.template.SnapshotCodec;
import dev.kubicle.operator.template.TemplateContent;
import dev.kubicle.operator.template.TemplateSources;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import dev.kubicle.api.v1alpha1.Workspace;
import io.javaoperatorsdk.operator.api.reconciler.Cleaner;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.DeleteControl;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Validates a Template, and turns each valid content change into a new immutable version kept in a snapshot
 * ConfigMap, so a Workspace pinned to a version keeps building exactly the same thing.
 */
@ControllerConfiguration(name = "template",
    // A referenced ConfigMap is read on each reconcile, not watched: this interval bounds how late an edit shows.
    maxReconciliationInterval = @MaxReconciliationInterval(interval = 2, timeUnit = TimeUnit.MINUTES))
public class TemplateReconciler implements Reconciler<Template>, Cleaner<Template> {
  public static final String VALID = "Valid";
  /** Versions listed in status; older snapshots stay (pinned workspaces use them) until the Template goes. */
  static final int MAX_VERSIONS = 50;
  private static final Logger LOG = LoggerFactory.getLogger(TemplateReconciler.class);
  /** How often a Template waiting to be deleted checks whether its workspaces are gone. */
  static final long DELETE_RECHECK_MILLIS = 30_000;

  private final KubernetesClient client;
  private final TemplateSources sources;
  private final EventRecorder events;
  private final Clock clock;
  private final UnreadableResources unreadable;
  private final RunnerPolicy runnerPolicy;
  private final RunnerPolicyCounters refusals;

  /**
   * @param runnerPolicy what a template's runner may ask for; a template asking for more is invalid
   * @param refusals counts the changes refused for their runner
   */
  public TemplateReconciler(KubernetesClient client, EventRecorder events, Clock clock,
      UnreadableResources unreadable, RunnerPolicy runnerPolicy, RunnerPolicyCounters refusals) {
    this.client = client;
    this.runnerPolicy = runnerPolicy;
    this.refusals = refusals;
    this.unreadable = unreadable;
    this.sources = new TemplateSources(client);
    this.events = events;
    this.clock = clock;
  }

  @Override
  public UpdateControl<Template> reconcile(Template template, Context<Template> context) {
    MDC.put("resource", template.getMetadata().getNamespace() + "/" + template.getMetadata().getName());
    try {
      if (unreadable.reportIfUnreadable(template)) {
        return UpdateControl.noUpdate(); // its versions stay; workspaces pinned to them keep building
      }
      TemplateStatus status = template.getStatus() == null ? new TemplateStatus()
          : Json.copy(template.getStatus(), TemplateStatus.class);
      Long generation = template.getMetadata().getGeneration();
      TemplateSources.Loaded loaded = template.getSpec() == null ? null : sources.load(template);
      boolean runnerRefused = false;
      if (loaded == null) {
        invalid(template, status, "spec: is required", generation);
      } else if (loaded.problem().isPresent()) {
        invalid(template, status, "spec.configMapRef: " + loaded.problem().get(), generation);
      } else {
        ValidationResult result = TemplateValidator.validate(template.getSpec(), loaded.fromConfigMap().keySet());
        List<String> runner = runnerPolicy.violations(template.getSpec().getRunner());
        runnerRefused = !runner.isEmpty();
        if (!result.isValid()) {
          invalid(template, status, result.summary() + (runner.isEmpty() ? "" : "; " + String.join("; ", runner)),
              generation);
        } else if (!runner.isEmpty()) {
          // No version is made from it: a version is what a workspace builds, with the operator's identity.
          invalid(template, status, String.join("; ", runner), generation);
        } else {
          valid(template, status, loaded, generation);
        }
      }
      status.setObservedGeneration(generation);
      if (Json.canonical(status).equals(Json.canonical(template.getStatus()))) {
        return UpdateControl.noUpdate();
      }
      // A PUT of the whole status (not a patch): with the finalizer the API may hold "status: null", which a
      // JSON patch into /status cannot address.
      Template changed = Json.copy(template, Template.class);
      changed.setStatus(status);
      Template updated = context.getClient().resource(changed).updateStatus();
      if (runnerRefused) {
        refusals.refused(RunnerPolicyCounters.At.TEMPLATE); // once per change: an unchanged status is not written
      }
      context.eventSourceRetriever().getControllerEventSource().handleRecentResourceUpdate(
          io.javaoperatorsdk.operator.processing.event.ResourceID.fromResource(template), updated, template);
      return UpdateControl.noUpdate();
    } finally {
      MDC.remove("resource");
    }
  }

  private void valid(Template template, TemplateStatus status, TemplateSources.Loaded loaded, Long generation) {
    var spec = template.getSpec();
    TemplateContent content = new TemplateContent(loaded.files(), spec.getParameters(), spec.getRunner(),
        spec.getProvisioner(), spec.getAgent());
    String version = content.version();
    boolean known = status.getVersions().stream().anyMatch(v -> version.equals(v.getVersion()));
    if (!known) {
      ensureSnapshot(template, content, version);
      List<TemplateVersionEntry> versions = new ArrayList<>(status.getVersions());
      versions.add(new TemplateVersionEntry(version, clock.instant().toString(),
          Names.templateSnapshot(template.getMetadata().getName(), version), generation));
      while (versions.size() > MAX_VERSIONS) {
        versions.remove(0);
      }
      status.setVersions(versions);
      events.record(template, EventReason.TemplateVersionCreated, "Version " + version + " created");
      LOG.info("template version {} created", version);
    }
    status.setLatestVersion(version);
    status.setConditions(List.of(Conditions.make(status.getConditions(), VALID, true, "Valid",
        "Version " + version + ": " + loaded.files().size() + " file(s), " + spec.getParameters().size()
            + " parameter(s)", generation, clock.instant())));
  }

  private void invalid(Template template, TemplateStatus status, String summary, Long generation) {
    String message = status.getLatestVersion() == null ? summary
        : summary + " (workspaces keep using version " + status.getLatestVersion() + ")";
    status.setConditions(List.of(Conditions.make(status.getConditions(), VALID, false, "Invalid", message,
        generation, clock.instant())));
    events.record(template, EventReason.TemplateInvalid, summary);
  }

  /**
   * A Template (and with it, by owner reference, its version snapshots) goes only when no Workspace uses it, as in
   * Coder: otherwise its workspaces could neither stop nor be destroyed with the code that built them.
   */
  @Override
  public DeleteControl cleanup(Template template, Context<Template> context) {
    if (unreadable.reportIfUnreadableOnDelete(template, context.getControllerConfiguration().getFinalizerName())) {
      return DeleteControl.noFinalizerRemoval();
    }
    String namespace = template.getMetadata().getNamespace();
    String name = template.getMetadata().getName();
    List<String> users = client.resources(Workspace.class).inNamespace(namespace).list().getItems().stream()
        .filter(ws -> ws.getSpec() != null && ws.getSpec().getTemplate() != null
            && name.equals(ws.getSpec().getTemplate().getName()))
        .map(ws -> ws.getMetadata().getName()).sorted().toList();
    if (users.isEmpty()) {
      return DeleteControl.defaultDelete();
    }
    String message = "Template \"" + name + "\" is still used by " + users.size() + " workspace(s): "
        + String.join(", ", users.subList(0, Math.min(10, users.size()))) + (users.size() > 10 ? ", …" : "")
        + "; it is deleted once they are";
    events.record(template, EventReason.TemplateInUse, message);
    TemplateStatus status = template.getStatus() == null ? new TemplateStatus()
        : Json.copy(template.getStatus(), TemplateStatus.class);
    status.setConditions(List.of(Conditions.make(status.getConditions(), VALID,
        Conditions.isTrue(status.getConditions(), VALID), "DeletionBlocked", message,
        template.getMetadata().getGeneration(), clock.instant())));
    if (!Json.canonical(status).equals(Json.canonical(template.getStatus()))) {
      Template changed = Json.copy(template, Template.class);
      changed.setStatus(status);
      client.resource(changed).updateStatus();
    }
    return DeleteControl.noFinalizerRemoval().rescheduleAfter(DELETE_RECHECK_MILLIS);
  }

  /** Creates the version's snapshot; one that already exists (same name means same content) is fine. */
  private void ensureSnapshot(Template template, TemplateContent content, String version) {
    ConfigMap snapshot = SnapshotCodec.encode(template, content, version);
    Creates.ifAbsent(client, snapshot);
  }
}
